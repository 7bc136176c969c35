//! The messages mim sends during a major incident, as templates the organisation can edit:
//! the call-out to the MIM contact person, the alert to the service desk and IT management,
//! the first notice and the updates at each communication point, the backup arrangement
//! announced, the decision not to start MIM, the vendor's escalation and progress demand,
//! the return to normal and the walk-through invitation — each in Finnish, Swedish and
//! English, with the fields of a good disruption bulletin (GLOSSARY.md). Rendering is pure:
//! the caller hands in the case's facts and the organisation's time zone; times come out in
//! local time with the words of the message's language. A template that does not render is
//! refused when it is saved (`Template::check`), never found out when sending. SMS segment
//! counting (GSM-7 or UCS-2) lives here too, so a sender sees the cost before sending.

mod context;
mod defaults;
mod kind;
mod sms;
mod template;
mod times;

pub use context::{BulletinStatus, MessageFacts};
pub use defaults::default_template;
pub use kind::MessageKind;
pub use sms::{SmsEncoding, SmsSize, sms_size};
pub use template::{Rendered, Template, TemplateError, VARIABLES};
pub use times::local_time;
