//! The cadence of communication points per colour (an organisation setting, e.g. red every
//! 30 minutes, yellow every 60). Intervals are real elapsed time, counted in UTC: "30 minutes
//! from now" is 30 minutes on the night the clocks change too, and only its local display
//! jumps (02:45 EET + 30 min is 04:15 EEST).

use crate::impact::Colour;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// Minutes between communication points per colour, and how long before one falls due the
/// person responsible is reminded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cadence {
    pub red_minutes: u32,
    pub yellow_minutes: u32,
    pub green_minutes: u32,
    pub remind_before_minutes: u32,
}

impl Default for Cadence {
    /// Red every 30 minutes, yellow every hour, green every two; a reminder 10 minutes ahead.
    fn default() -> Self {
        Cadence {
            red_minutes: 30,
            yellow_minutes: 60,
            green_minutes: 120,
            remind_before_minutes: 10,
        }
    }
}

/// Where a case stands against its next communication point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DueState {
    /// No point is set (no message yet, or the closing one went out).
    None,
    NotDue,
    /// Within the reminder lead: the person responsible is reminded.
    ReminderDue,
    /// The point has passed without an update.
    Overdue,
}

/// The message kind of the reminder mim sends the person responsible for a communication
/// point (a template kind of `mim-messages`, named here so a case can fold what was sent).
pub const UPDATE_REMINDER: &str = "update_reminder";
/// The kind of the prompt that every alert of a case has resolved.
pub const ALERTS_RESOLVED: &str = "alerts_resolved";

/// A reminder of a communication point that mim owes the person responsible now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PointReminder {
    /// The point the reminder is about.
    pub point: DateTime<Utc>,
    /// The point passed without an update: the reminder says it is late.
    pub overdue: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct CadenceError {
    pub field: &'static str,
    pub message: String,
}

/// The longest interval a cadence may set: a day.
const MAX_MINUTES: u32 = 24 * 60;

impl Cadence {
    /// Checks the settings: every interval from 1 minute to a day, and a reminder lead
    /// shorter than the shortest interval (a reminder due before the last update went out
    /// would be noise).
    pub fn check(&self) -> Result<(), CadenceError> {
        for (field, m) in [
            ("red_minutes", self.red_minutes),
            ("yellow_minutes", self.yellow_minutes),
            ("green_minutes", self.green_minutes),
        ] {
            if m == 0 || m > MAX_MINUTES {
                return Err(CadenceError {
                    field,
                    message: format!("{m} is not between 1 and {MAX_MINUTES} minutes"),
                });
            }
        }
        let shortest = self
            .red_minutes
            .min(self.yellow_minutes)
            .min(self.green_minutes);
        if self.remind_before_minutes >= shortest {
            return Err(CadenceError {
                field: "remind_before_minutes",
                message: format!(
                    "a reminder {} minutes ahead is not shorter than the shortest interval \
                     ({shortest} minutes)",
                    self.remind_before_minutes
                ),
            });
        }
        Ok(())
    }

    /// The interval at `colour`. A case with no colour yet is treated as red: before anyone
    /// has assessed it, silence is the risk.
    pub fn interval(&self, colour: Option<Colour>) -> Duration {
        let minutes = match colour {
            Some(Colour::Green) => self.green_minutes,
            Some(Colour::Yellow) => self.yellow_minutes,
            Some(Colour::Red) | None => self.red_minutes,
        };
        Duration::minutes(i64::from(minutes))
    }

    /// The next communication point an update sent `now` sets when its sender picks none.
    pub fn next_update_at(&self, colour: Option<Colour>, now: DateTime<Utc>) -> DateTime<Utc> {
        now + self.interval(colour)
    }

    /// When the person responsible is reminded of the point at `next_update_at`.
    pub fn reminder_at(&self, next_update_at: DateTime<Utc>) -> DateTime<Utc> {
        next_update_at - Duration::minutes(i64::from(self.remind_before_minutes))
    }

    /// Where a case whose next point is `next_update_at` stands at `now`.
    pub fn due_state(&self, next_update_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> DueState {
        match next_update_at {
            None => DueState::None,
            Some(at) if now > at => DueState::Overdue,
            Some(at) if now >= self.reminder_at(at) => DueState::ReminderDue,
            Some(_) => DueState::NotDue,
        }
    }
}
