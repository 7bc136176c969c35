//! Listing cases with filters; vendors see only their own systems' cases.

use crate::{App, AppError, Principal};
use chrono::{DateTime, Utc};
use mim_domain::case::Stage;
use mim_domain::impact::Colour;
use mim_domain::{CaseId, SystemId};
use mim_store::CaseFilter;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct CaseListItem {
    pub id: CaseId,
    pub version: u64,
    pub title: String,
    pub stage: Stage,
    pub open: bool,
    pub colour: Option<Colour>,
    pub system: Option<SystemId>,
    pub exercise: bool,
    pub opened_at: DateTime<Utc>,
    pub last_activity_at: DateTime<Utc>,
    pub next_update_at: Option<DateTime<Utc>>,
    pub update_overdue: bool,
    pub reopen_count: u32,
    pub ended_at: Option<DateTime<Utc>>,
}

impl App {
    pub async fn list_cases(
        &self,
        who: &Principal,
        mut filter: CaseFilter,
    ) -> Result<Vec<CaseListItem>, AppError> {
        if !who.user.roles.iter().any(|r| r.is_staff()) {
            return Err(AppError::Forbidden(
                "only staff roles may list cases".into(),
            ));
        }
        if let Some(v) = who.vendor_scope() {
            filter.vendor = Some(v.clone());
        }
        let now = self.now();
        let rows = self.store().list(&filter).await?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let s = r.summary;
                CaseListItem {
                    id: r.id,
                    version: r.version,
                    open: s.stage.is_open(),
                    update_overdue: s.stage.is_open() && s.next_update_at.is_some_and(|t| t < now),
                    title: s.title,
                    stage: s.stage,
                    colour: s.colour,
                    system: s.system,
                    exercise: s.exercise,
                    opened_at: s.opened_at,
                    last_activity_at: r.last_activity_at,
                    next_update_at: s.next_update_at,
                    reopen_count: s.reopen_count,
                    ended_at: s.ended_at,
                }
            })
            .collect())
    }
}
