//! The conformance story of the storage port: the rules of this crate's doc comment, written
//! once as async functions that panic (assert) when a store breaks one. Every adapter's tests
//! call each function on a **fresh, empty** store of its own (a new file, a new schema), so
//! the SQLite and PostgreSQL adapters are held to exactly the same behaviour.
//!
//! Only compiled with the cargo feature `conformance`; never part of a release build.

use crate::{
    CaseFilter, CaseRow, CaseSummary, RegisterDocument, RegisterKey, SessionRecord, Stamp, Store,
    StoreError, TokenRecord, UserRecord,
};
use chrono::{DateTime, Duration, Utc};
use mim_domain::case::{Actor, CaseEvent, NewEvent, RecordedEvent, ReportChannel, Stage};
use mim_domain::impact::Colour;
use mim_domain::register::{Contact, CriticalSystem, Editor, NamedPerson, Organisation, Vendor};
use mim_domain::{CaseId, Language, Role, SystemId, UserId, VendorId};
use std::collections::BTreeSet;
use std::sync::Arc;

mod attachments;
mod cases;
mod identity;
mod intake;
mod list;
mod outbox;
mod register;
mod restart;
mod reviews;
mod times;

pub use attachments::*;
pub use cases::*;
pub use identity::*;
pub use intake::*;
pub use list::*;
pub use outbox::*;
pub use register::*;
pub use restart::*;
pub use reviews::*;
pub use times::*;

// ---------------------------------------------------------------------------------------------
// Test values, built with the domain's own constructors.

/// A fixed instant with microsecond precision: 2026-03-01T08:00:00Z plus `micros`.
pub fn at(micros: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_micros(1_772_352_000_000_000 + micros).expect("a valid instant")
}

fn minutes(n: i64) -> i64 {
    Duration::minutes(n).num_microseconds().expect("small")
}

fn user_id(s: &str) -> UserId {
    UserId::new(s).expect("a valid user id")
}

fn system_id(s: &str) -> SystemId {
    SystemId::new(s).expect("a valid system id")
}

fn vendor_id(s: &str) -> VendorId {
    VendorId::new(s).expect("a valid vendor id")
}

/// A service-desk person.
pub fn person(user: &str) -> Actor {
    Actor::Person {
        user: user_id(user),
        name: format!("{user} (test)"),
        role: Role::ServiceDesk,
    }
}

fn new_event(at: DateTime<Utc>, event: CaseEvent) -> NewEvent {
    NewEvent {
        occurred_at: at,
        recorded_at: at,
        actor: person("sanna"),
        event,
    }
}

/// The `opened` event every case starts with.
pub fn opened(title: &str, at: DateTime<Utc>) -> NewEvent {
    new_event(
        at,
        CaseEvent::Opened {
            title: title.to_owned(),
            description: Some("Wilma ei toimi — ääkköset ja 🙂".to_owned()),
            system: None,
            exercise: false,
            mim_contact: None,
            mim_contact_deputy: None,
            recurrence_of: None,
        },
    )
}

/// An evidence event (does not advance the version).
pub fn report(text: &str, at: DateTime<Utc>) -> NewEvent {
    new_event(
        at,
        CaseEvent::ReportReceived {
            channel: ReportChannel::Phone,
            text: text.to_owned(),
            reporter: Some("Matti".to_owned()),
            stated_users: None,
            severity: None,
        },
    )
}

/// A process event (advances the version).
pub fn process(note: &str, at: DateTime<Utc>) -> NewEvent {
    new_event(
        at,
        CaseEvent::MimContactCalled {
            note: Some(note.to_owned()),
        },
    )
}

/// A listing row for a case opened at `opened_at`, in `stage`.
pub fn summary(title: &str, stage: Stage, opened_at: DateTime<Utc>) -> CaseSummary {
    CaseSummary {
        title: title.to_owned(),
        stage,
        colour: None,
        system: None,
        vendor: None,
        exercise: false,
        opened_at,
        next_update_at: None,
        reopen_count: 0,
        ended_at: None,
    }
}

async fn open(store: &dyn Store, year: i32, title: &str, at: DateTime<Utc>) -> CaseId {
    store
        .open_case(
            year,
            vec![opened(title, at)],
            summary(title, Stage::Detection, at),
        )
        .await
        .expect("open_case")
        .0
}

async fn load(store: &dyn Store, id: &CaseId) -> Vec<RecordedEvent> {
    store.load(id).await.expect("load")
}

pub(crate) async fn row(store: &dyn Store, id: &CaseId) -> CaseRow {
    store
        .list(&CaseFilter::default())
        .await
        .expect("list")
        .into_iter()
        .find(|r| &r.id == id)
        .expect("the case is listed")
}

fn seqs(events: &[RecordedEvent]) -> Vec<u64> {
    events.iter().map(|e| e.seq).collect()
}

fn assert_conflict<T: std::fmt::Debug>(
    result: Result<T, StoreError>,
    current: u64,
    what: &str,
) -> String {
    match result {
        Err(StoreError::Conflict {
            current_version,
            message,
        }) => {
            assert_eq!(current_version, Some(current), "{what}: current version");
            message
        }
        other => panic!("{what}: expected a conflict, got {other:?}"),
    }
}

fn user(id: &str, roles: &[Role]) -> UserRecord {
    UserRecord {
        id: user_id(id),
        name: format!("Äijä {id}"),
        email: Some(format!("{id}@example.fi")),
        roles: roles.iter().copied().collect::<BTreeSet<Role>>(),
        vendor: None,
        language: Language::Fi,
        password_hash: Some("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".to_owned()),
        active: true,
        created_at: at(7),
    }
}

fn stamp(by: &str, micros: i64) -> Stamp {
    Stamp {
        by: Editor::User(user_id(by)),
        at: at(micros),
    }
}

fn vendor(id: &str, name: &str) -> Vendor {
    Vendor {
        id: vendor_id(id),
        name: name.to_owned(),
        kind: Default::default(),
        contacts: vec![Contact {
            name: "Päivystys".into(),
            phone: Some("+358 40 123 4567".into()),
            ..Default::default()
        }],
        practice: Default::default(),
    }
}

fn system(id: &str, vendor: Option<&str>) -> CriticalSystem {
    CriticalSystem {
        id: system_id(id),
        name: id.to_uppercase(),
        aliases: vec![format!("{id}-alias")],
        owner: None,
        criticality_notes: None,
        user_count: 1200,
        vendor: vendor.map(vendor_id),
        mim_contact: Some(NamedPerson {
            user: user_id("anna"),
            name: "Anna".into(),
        }),
        mim_contact_deputy: None,
        matrix: None,
        backup_arrangements: vec![],
        communication_plan: Default::default(),
        selectors: vec![],
    }
}
