//! Reading the grid layout: a sheet per system with user bands down the side and the four
//! severity levels across the top, as the export writes it and as organisations draw it by
//! hand. The grid is found by its severity headings (any of the three languages, in any
//! column order), so titles, legends and notes around it do not matter. A second grid whose
//! corner says "response time" gives the target minutes per cell. The system is named by
//! the id or name written next to its label on the sheet, or else by the sheet's name.

use super::cells::{BandLabel, FillSays, a1, band_label, date, is_blank, response_minutes, text};
use super::imported::{Draft, ImportedCell, Layout, SkipReason, system_key};
use super::problems::{ImportError, Problem};
use super::sheet::SheetView;
use super::words::{Detail, is_response_heading, is_template_title, parse_severity};
use calamine::Data;
use chrono::NaiveDate;
use mim_domain::impact::Severity;

pub(crate) enum GridOutcome {
    /// The system the sheet gives; with problems reported, only so that problems with the
    /// system as a whole (given twice) are reported too.
    System(Draft),
    Skipped(SkipReason),
    /// Problems were reported and no system could be named.
    Failed,
}

/// A heading row of four severity columns.
struct Heading {
    row: u32,
    /// The first severity column; the band labels are in the column to its left.
    col: u32,
    severities: [Severity; 4],
    response: bool,
}

struct BandRow {
    row: u32,
    label: BandLabel,
}

/// The cells a grid covers, which are not details.
struct Area {
    rows: (u32, u32),
    cols: (u32, u32),
}

impl Area {
    fn contains(&self, row: u32, col: u32) -> bool {
        (self.rows.0..=self.rows.1).contains(&row) && (self.cols.0..=self.cols.1).contains(&col)
    }
}

struct Grid {
    heading: Heading,
    rows: Vec<BandRow>,
}

impl Grid {
    fn last_row(&self) -> u32 {
        self.rows.last().map_or(self.heading.row, |r| r.row)
    }

    fn area(&self) -> Area {
        Area {
            rows: (self.heading.row, self.last_row()),
            cols: (self.heading.col - 1, self.heading.col + 3),
        }
    }

    fn lower_limits(&self) -> Vec<u32> {
        let mut v: Vec<u32> = self.rows.iter().map(|r| r.label.lower).collect();
        v.sort_unstable();
        v
    }
}

fn severity_heading(d: &Data) -> Option<Severity> {
    match d {
        Data::String(s) => parse_severity(s),
        _ => None,
    }
}

/// Finds the severity heading rows. Three recognised headings next to one that is not a
/// severity is a grid with a typo, reported as such rather than passed over in silence.
fn find_headings(sheet: &SheetView, errors: &mut Vec<ImportError>) -> Vec<Heading> {
    let Some((last_row, last_col)) = sheet.extent() else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for row in 0..=last_row {
        let sev: Vec<Option<Severity>> = (0..=last_col + 1)
            .map(|c| severity_heading(sheet.heading(row, c)))
            .collect();
        let mut col = 0usize;
        while col < sev.len() {
            if sev[col].is_none() {
                col += 1;
                continue;
            }
            let start = col;
            while col < sev.len() && sev[col].is_some() {
                col += 1;
            }
            let run: Vec<Severity> = sev[start..col].iter().flatten().copied().collect();
            let at = |c: usize| a1(row, c as u32);
            match run.len() {
                4 => {
                    if start == 0 {
                        continue;
                    }
                    if let Some(twice) = duplicate(&run) {
                        errors.push(ImportError::at(
                            &sheet.name,
                            Some(at(start)),
                            Problem::SeverityTwice {
                                severity: twice.code().into(),
                            },
                        ));
                        continue;
                    }
                    let severities = [run[0], run[1], run[2], run[3]];
                    let corner = sheet.value(row, start as u32 - 1);
                    found.push(Heading {
                        row,
                        col: start as u32,
                        severities,
                        response: text(corner).is_some_and(|t| is_response_heading(&t)),
                    });
                }
                3 => {
                    if let Some(twice) = duplicate(&run) {
                        errors.push(ImportError::at(
                            &sheet.name,
                            Some(at(start)),
                            Problem::SeverityTwice {
                                severity: twice.code().into(),
                            },
                        ));
                        continue;
                    }
                    let left = start
                        .checked_sub(1)
                        .filter(|&c| c >= 1 && !is_blank(sheet.heading(row, c as u32)));
                    let odd = left.unwrap_or(col);
                    let problem = match text(sheet.heading(row, odd as u32)) {
                        Some(t) => Problem::NotASeverity { text: t },
                        None => Problem::SeverityMissing {
                            missing: Severity::ALL
                                .into_iter()
                                .find(|s| !run.contains(s))
                                .map_or("", |s| s.code())
                                .into(),
                        },
                    };
                    errors.push(ImportError::at(&sheet.name, Some(at(odd)), problem));
                }
                n if n > 4 => {
                    let twice = duplicate(&run).map_or("", |s| s.code());
                    errors.push(ImportError::at(
                        &sheet.name,
                        Some(at(start)),
                        Problem::SeverityTwice {
                            severity: twice.into(),
                        },
                    ));
                }
                _ => {}
            }
        }
    }
    found
}

fn duplicate(run: &[Severity]) -> Option<Severity> {
    run.iter()
        .enumerate()
        .find(|(i, s)| run[..*i].contains(s))
        .map(|(_, s)| *s)
}

/// The band rows under a heading: after at most two rows of descriptions, until the first
/// row whose label holds no number.
/// Whether any of the row's cells under the severity headings holds a word or a coloured
/// fill.
fn row_has_colours(sheet: &SheetView, h: &Heading, row: u32) -> bool {
    (h.col..h.col + 4).any(|col| {
        !is_blank(sheet.value(row, col)) || !matches!(sheet.fill(row, col), FillSays::Nothing)
    })
}

fn band_rows(sheet: &SheetView, h: &Heading, errors: &mut Vec<ImportError>) -> Vec<BandRow> {
    let Some((last_row, _)) = sheet.extent() else {
        return Vec::new();
    };
    let label_col = h.col - 1;
    let (mut rows, mut started, mut preamble, mut unreadable) = (Vec::new(), false, 0, false);
    for row in h.row + 1..=last_row {
        match band_label(sheet.value(row, label_col)) {
            Ok(Some(label)) => {
                started = true;
                rows.push(BandRow { row, label });
            }
            Ok(None) if !started && preamble < 2 => preamble += 1,
            // A row that carries colours under the headings but no readable band ("abc",
            // an emptied label) is a mistake, not the end of the grid: ending there would
            // silently drop the row and change the bands.
            Ok(None) if started && row_has_colours(sheet, h, row) => {
                unreadable = true;
                errors.push(ImportError::at(
                    &sheet.name,
                    Some(a1(row, label_col)),
                    Problem::NotABand {
                        text: text(sheet.value(row, label_col)).unwrap_or_default(),
                    },
                ));
            }
            Ok(None) => break,
            Err(problem) => {
                started = true;
                unreadable = true;
                errors.push(ImportError::at(
                    &sheet.name,
                    Some(a1(row, label_col)),
                    problem,
                ));
            }
        }
    }
    rows.sort_by_key(|r| r.label.lower);
    for pair in rows.windows(2) {
        let (prev, next) = (&pair[0], &pair[1]);
        let at = Some(a1(next.row, label_col));
        if prev.label.lower == next.label.lower {
            errors.push(ImportError::at(
                &sheet.name,
                at,
                Problem::BandTwice {
                    users: next.label.lower,
                    other: a1(prev.row, label_col),
                },
            ));
        } else if !unreadable
            && prev
                .label
                .upper
                .is_some_and(|u| u.checked_add(1) != Some(next.label.lower))
        {
            // With a label unreadable, its neighbours never meet; saying so adds nothing.
            errors.push(ImportError::at(
                &sheet.name,
                at,
                Problem::BandsDoNotMeet {
                    text: text(sheet.value(next.row, label_col)).unwrap_or_default(),
                    previous: text(sheet.value(prev.row, label_col)).unwrap_or_default(),
                },
            ));
        }
    }
    rows
}

#[derive(Default)]
struct Details {
    name: Option<String>,
    id: Option<String>,
    valid_from: Option<NaiveDate>,
    title: Option<String>,
}

/// The system's name, id and valid-from date written beside their labels outside the grids
/// ("Järjestelmä | Wilma" or "Järjestelmä: Wilma"), and the sheet's title.
fn details(sheet: &SheetView, areas: &[Area], errors: &mut Vec<ImportError>) -> Details {
    let mut out = Details::default();
    let Some((last_row, last_col)) = sheet.extent() else {
        return out;
    };
    let mut seen: Vec<Detail> = Vec::new();
    let outside = |r: u32, c: u32| !areas.iter().any(|a| a.contains(r, c));
    for row in 0..=last_row {
        for col in 0..=last_col {
            if !outside(row, col) {
                continue;
            }
            let Data::String(label) = sheet.heading(row, col) else {
                continue;
            };
            if out.title.is_none() && !label.trim().is_empty() {
                out.title = Some(label.clone());
            }
            let (detail, value, at) = if let Some((d, v)) = Detail::of_labelled_text(label) {
                (d, Data::String(v), a1(row, col))
            } else if let Some(d) = Detail::of_label(label) {
                let beside = (col + 1..=(col + 3).min(last_col))
                    .filter(|&c| outside(row, c))
                    .find(|&c| !is_blank(sheet.heading(row, c)));
                match beside {
                    Some(c) => (d, sheet.heading(row, c).clone(), a1(row, c)),
                    None => (d, Data::Empty, a1(row, col)),
                }
            } else {
                continue;
            };
            if seen.contains(&detail) {
                continue;
            }
            seen.push(detail);
            match detail {
                Detail::Name => out.name = text(&value),
                Detail::Id => out.id = text(&value),
                Detail::ValidFrom => match date(&value, sheet.is_1904) {
                    Ok(d) => out.valid_from = d,
                    Err(problem) => {
                        errors.push(ImportError::at(&sheet.name, Some(at), problem));
                    }
                },
            }
        }
    }
    out
}

/// Reads a grid sheet; None when the sheet has no severity heading row at all.
pub(crate) fn read(sheet: &SheetView, errors: &mut Vec<ImportError>) -> Option<GridOutcome> {
    let before = errors.len();
    let headings = find_headings(sheet, errors);
    if headings.is_empty() {
        return (errors.len() > before).then_some(GridOutcome::Failed);
    }
    let mut colours: Option<Grid> = None;
    let mut responses: Option<Grid> = None;
    for heading in headings {
        let rows = band_rows(sheet, &heading, errors);
        let slot = if heading.response {
            &mut responses
        } else {
            &mut colours
        };
        match slot {
            Some(first) => errors.push(ImportError::at(
                &sheet.name,
                Some(a1(heading.row, heading.col)),
                Problem::SecondGrid {
                    first: a1(first.heading.row, first.heading.col),
                },
            )),
            None => *slot = Some(Grid { heading, rows }),
        }
    }
    let areas: Vec<Area> = colours
        .iter()
        .chain(responses.iter())
        .map(Grid::area)
        .collect();
    let details = details(sheet, &areas, errors);
    let Some(grid) = colours else {
        // A response grid alone says nothing about colours.
        return Some(if errors.len() > before {
            GridOutcome::Failed
        } else {
            GridOutcome::Skipped(SkipReason::NoMatrix)
        });
    };
    if details.name.is_none()
        && details.id.is_none()
        && details.title.as_deref().is_some_and(is_template_title)
    {
        errors.truncate(before);
        return Some(GridOutcome::Skipped(SkipReason::Template));
    }

    if let Some(r) = &responses
        && r.lower_limits() != grid.lower_limits()
    {
        errors.push(ImportError::at(
            &sheet.name,
            Some(a1(r.heading.row, r.heading.col - 1)),
            Problem::ResponseBandsDiffer {
                grid: a1(grid.heading.row, grid.heading.col - 1),
            },
        ));
    }

    let mut cells = Vec::new();
    for band in &grid.rows {
        for (i, &severity) in grid.heading.severities.iter().enumerate() {
            let col = grid.heading.col + i as u32;
            let colour = match sheet.colour(band.row, col) {
                Ok(c) => c,
                Err(problem) => {
                    errors.push(ImportError::at(
                        &sheet.name,
                        Some(a1(band.row, col)),
                        problem,
                    ));
                    continue;
                }
            };
            let response = responses.as_ref().and_then(|r| {
                let at = r.rows.iter().find(|x| x.label.lower == band.label.lower)?;
                let rc = r.heading.col
                    + r.heading.severities.iter().position(|s| *s == severity)? as u32;
                Some((at.row, rc))
            });
            let minutes = match response {
                Some((row, col)) => match response_minutes(sheet.value(row, col)) {
                    Ok(m) => m.map(|m| (m, row, col)),
                    Err(problem) => {
                        errors.push(ImportError::at(&sheet.name, Some(a1(row, col)), problem));
                        None
                    }
                },
                None => None,
            };
            match (colour, minutes) {
                (Some(colour), m) => cells.push(ImportedCell {
                    users_at_least: band.label.lower,
                    severity,
                    colour,
                    valid_from: details.valid_from,
                    response_minutes: m.map(|(m, _, _)| m),
                    sheet: sheet.name.clone(),
                    cell: a1(band.row, col),
                }),
                (None, Some((_, row, col))) => errors.push(ImportError::at(
                    &sheet.name,
                    Some(a1(row, col)),
                    Problem::ResponseWithoutColour,
                )),
                (None, None) => {}
            }
        }
    }
    if cells.is_empty() {
        return Some(if errors.len() > before {
            GridOutcome::Failed
        } else {
            GridOutcome::Skipped(SkipReason::Empty)
        });
    }

    let system = details
        .id
        .clone()
        .or_else(|| details.name.clone())
        .unwrap_or_else(|| sheet.name.clone());
    let mut other_names: Vec<String> = Vec::new();
    for n in [details.name, Some(sheet.name.clone())]
        .into_iter()
        .flatten()
    {
        let key = system_key(&n);
        if key != system_key(&system) && !other_names.iter().any(|o| system_key(o) == key) {
            other_names.push(n);
        }
    }
    Some(GridOutcome::System(Draft {
        system,
        other_names,
        sheet: sheet.name.clone(),
        cell: Some(a1(grid.heading.row, grid.heading.col - 1)),
        layout: Layout::Grid,
        band_limits: grid.lower_limits(),
        cells,
        valid_from: details.valid_from,
        responses_given: responses.is_some(),
    }))
}
