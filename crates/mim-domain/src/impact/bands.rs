//! User bands: the rows of the matrix, given by their lower limits. The default 1–10, 11–50,
//! 51–100, 101+ is stored as `[1, 11, 51, 101]`; the last band is open-ended.

use serde::{Deserialize, Serialize};

/// How many users a disruption affects: at least one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "u32")]
pub struct AffectedUsers(u32);

impl AffectedUsers {
    pub fn new(n: i64) -> Result<Self, String> {
        if n < 1 {
            return Err(format!(
                "{n} is not a number of affected users: at least 1 is needed"
            ));
        }
        u32::try_from(n)
            .map(AffectedUsers)
            .map_err(|_| format!("{n} affected users is more than mim can count"))
    }
    pub fn get(self) -> u32 {
        self.0
    }
}

impl TryFrom<i64> for AffectedUsers {
    type Error = String;
    fn try_from(n: i64) -> Result<Self, Self::Error> {
        AffectedUsers::new(n)
    }
}

impl From<AffectedUsers> for u32 {
    fn from(n: AffectedUsers) -> u32 {
        n.0
    }
}

/// The lower limits of the user bands: starts at 1, strictly increasing, 1–10 bands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<u32>", into = "Vec<u32>")]
pub struct UserBands(Vec<u32>);

impl UserBands {
    pub fn new(lower_limits: Vec<u32>) -> Result<Self, String> {
        if lower_limits.is_empty() || lower_limits.len() > 10 {
            return Err(format!(
                "{} user bands given; 1 to 10 are allowed",
                lower_limits.len()
            ));
        }
        if lower_limits[0] != 1 {
            return Err(format!(
                "the first user band must start at 1, not {}",
                lower_limits[0]
            ));
        }
        if let Some(w) = lower_limits.windows(2).find(|w| w[1] <= w[0]) {
            return Err(format!(
                "user band limits must increase: {} is followed by {}",
                w[0], w[1]
            ));
        }
        Ok(UserBands(lower_limits))
    }

    /// 1–10, 11–50, 51–100, 101+ (PROCESS.md, decided).
    pub fn default_bands() -> Self {
        UserBands(vec![1, 11, 51, 101])
    }

    pub fn lower_limits(&self) -> &[u32] {
        &self.0
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The index of the band holding `users`.
    pub fn band_of(&self, users: AffectedUsers) -> usize {
        self.0
            .iter()
            .rposition(|&low| users.get() >= low)
            .unwrap_or(0)
    }

    /// "1–10", "101+": the label of band `i`.
    pub fn label(&self, i: usize) -> String {
        match self.0.get(i + 1) {
            Some(next) => format!("{}–{}", self.0[i], next - 1),
            None => format!("{}+", self.0[i]),
        }
    }
}

impl TryFrom<Vec<u32>> for UserBands {
    type Error = String;
    fn try_from(v: Vec<u32>) -> Result<Self, Self::Error> {
        UserBands::new(v)
    }
}

impl From<UserBands> for Vec<u32> {
    fn from(b: UserBands) -> Vec<u32> {
        b.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_and_negative_users_are_refused() {
        assert!(AffectedUsers::new(0).is_err());
        assert!(AffectedUsers::new(-5).is_err());
        assert_eq!(AffectedUsers::new(1).unwrap().get(), 1);
    }

    #[test]
    fn band_limits_are_checked() {
        assert!(UserBands::new(vec![]).is_err());
        assert!(UserBands::new(vec![0, 10]).is_err());
        assert!(UserBands::new(vec![1, 50, 50]).is_err());
        assert!(UserBands::new(vec![1, 50, 500]).is_ok());
    }

    #[test]
    fn labels() {
        let b = UserBands::default_bands();
        let labels: Vec<String> = (0..b.len()).map(|i| b.label(i)).collect();
        assert_eq!(labels, ["1–10", "11–50", "51–100", "101+"]);
    }
}
