//! Spreadsheets in and out of mim: the impact matrices as an Excel workbook (export, and an
//! import that accepts what people really produce), the case export as CSV that Finnish Excel
//! opens as it is and as a workbook, and the register as CSV. Pure conversion between bytes
//! and mim's domain types: no files, no clock, no database — the use-case layer decides what
//! to read, what to write and when.

pub mod cases;
pub mod matrix;
pub mod register;
