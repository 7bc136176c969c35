//! The organisation's detection settings: windows, flapping and hold-down, and the numbers the
//! end-user form's answers stand for. Every value is a default the organisation can change.

use chrono::Duration;
use serde::{Deserialize, Serialize};

/// The end-user form's answer to "how many are affected?".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HowMany {
    JustMe,
    MyTeam,
    /// "Everyone I know of".
    Everyone,
}

/// The number of affected users each form answer stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FormAnswerUsers {
    pub just_me: u32,
    pub my_team: u32,
    pub everyone: u32,
}

impl Default for FormAnswerUsers {
    fn default() -> Self {
        FormAnswerUsers {
            just_me: 1,
            my_team: 10,
            everyone: 50,
        }
    }
}

impl FormAnswerUsers {
    pub fn users(&self, answer: HowMany) -> u32 {
        match answer {
            HowMany::JustMe => self.just_me,
            HowMany::MyTeam => self.my_team,
            HowMany::Everyone => self.everyone,
        }
    }
}

/// Durations are whole seconds in JSON (`recurrence_window_seconds`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DetectionSettings {
    /// A new case opened within this long after the system's last case ended is linked to it
    /// as a recurrence.
    #[serde(rename = "recurrence_window_seconds", with = "seconds")]
    pub recurrence_window: Duration,
    /// This many state changes of one alert (firing or resolved, the first firing included)…
    pub flap_changes: u32,
    /// …within this long mark it as flapping.
    #[serde(rename = "flap_within_seconds", with = "seconds")]
    pub flap_within: Duration,
    /// A resolve counts as the end only after this long without the alert firing again; only
    /// then is "all alerts resolved" published.
    #[serde(rename = "resolve_hold_down_seconds", with = "seconds")]
    pub resolve_hold_down: Duration,
    pub form_answer_users: FormAnswerUsers,
}

impl Default for DetectionSettings {
    fn default() -> Self {
        DetectionSettings {
            recurrence_window: Duration::hours(24),
            flap_changes: 3,
            flap_within: Duration::minutes(10),
            resolve_hold_down: Duration::minutes(5),
            form_answer_users: FormAnswerUsers::default(),
        }
    }
}

/// The most state changes an alert record keeps (enough for any `flap_changes` allowed).
pub const MAX_TRANSITIONS_KEPT: usize = 64;

impl DetectionSettings {
    pub fn validate(&self) -> Result<(), (&'static str, String)> {
        let non_negative = [
            ("recurrence_window_seconds", self.recurrence_window),
            ("resolve_hold_down_seconds", self.resolve_hold_down),
        ];
        for (field, d) in non_negative {
            if d < Duration::zero() {
                return Err((field, "must not be negative".into()));
            }
        }
        if self.flap_within <= Duration::zero() {
            return Err(("flap_within_seconds", "must be at least one second".into()));
        }
        if !(2..=MAX_TRANSITIONS_KEPT as u32).contains(&self.flap_changes) {
            return Err((
                "flap_changes",
                format!("must be between 2 and {MAX_TRANSITIONS_KEPT}"),
            ));
        }
        let f = self.form_answer_users;
        if f.just_me == 0 || f.my_team == 0 || f.everyone == 0 {
            return Err((
                "form_answer_users",
                "every answer stands for at least one user".into(),
            ));
        }
        Ok(())
    }
}

mod seconds {
    use chrono::Duration;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(d.num_seconds())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        let n = i64::deserialize(d)?;
        Duration::try_seconds(n).ok_or_else(|| serde::de::Error::custom("seconds out of range"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_json() {
        let s = DetectionSettings::default();
        assert!(s.validate().is_ok());
        let v = serde_json::to_value(s).unwrap();
        assert_eq!(v["recurrence_window_seconds"], 86_400);
        assert_eq!(v["flap_within_seconds"], 600);
        assert_eq!(v["resolve_hold_down_seconds"], 300);
        assert_eq!(v["form_answer_users"]["my_team"], 10);
        let partial: DetectionSettings =
            serde_json::from_str(r#"{"resolve_hold_down_seconds": 60}"#).unwrap();
        assert_eq!(partial.resolve_hold_down, Duration::minutes(1));
        assert_eq!(partial.flap_changes, 3);
        assert_eq!(partial.form_answer_users.users(HowMany::Everyone), 50);
    }

    #[test]
    fn bad_settings_are_named() {
        let mut s = DetectionSettings {
            flap_changes: 1,
            ..Default::default()
        };
        assert_eq!(s.validate().unwrap_err().0, "flap_changes");
        s.flap_changes = 3;
        s.flap_within = Duration::zero();
        assert_eq!(s.validate().unwrap_err().0, "flap_within_seconds");
    }
}
