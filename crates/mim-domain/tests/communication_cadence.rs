//! Communication points: the cadence per colour, reminders and overdue points, across the
//! daylight-saving changes of Europe/Helsinki.

use chrono::{DateTime, Duration, TimeZone, Utc};
use chrono_tz::Europe::Helsinki;
use mim_domain::communication::{Cadence, DueState};
use mim_domain::impact::Colour;

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0)
        .single()
        .expect("a valid time")
}

fn local(t: DateTime<Utc>) -> String {
    t.with_timezone(&Helsinki).format("%H:%M %Z").to_string()
}

#[test]
fn each_colour_has_its_interval_and_an_unassessed_case_counts_as_red() {
    let c = Cadence::default();
    let now = utc(2026, 12, 4, 10, 0);
    assert_eq!(
        c.next_update_at(Some(Colour::Red), now),
        utc(2026, 12, 4, 10, 30)
    );
    assert_eq!(
        c.next_update_at(Some(Colour::Yellow), now),
        utc(2026, 12, 4, 11, 0)
    );
    assert_eq!(
        c.next_update_at(Some(Colour::Green), now),
        utc(2026, 12, 4, 12, 0)
    );
    assert_eq!(c.next_update_at(None, now), utc(2026, 12, 4, 10, 30));
}

#[test]
fn thirty_minutes_are_thirty_real_minutes_on_the_nights_the_clocks_change() {
    let c = Cadence::default();
    // Spring forward, 29 March 2026 at 03:00 EET → 04:00 EEST.
    let before = utc(2026, 3, 29, 0, 45);
    assert_eq!(local(before), "02:45 EET");
    let next = c.next_update_at(Some(Colour::Red), before);
    assert_eq!(next - before, Duration::minutes(30));
    assert_eq!(local(next), "04:15 EEST");
    // Fall back, 25 October 2026 at 04:00 EEST → 03:00 EET: 03:45 comes twice.
    let first = utc(2026, 10, 25, 0, 45);
    assert_eq!(local(first), "03:45 EEST");
    let next = c.next_update_at(Some(Colour::Red), first);
    assert_eq!(local(next), "03:15 EET");
    assert_eq!(next - first, Duration::minutes(30));
    // The reminder ten minutes ahead of a point just after the change is still ten minutes.
    assert_eq!(local(c.reminder_at(next)), "03:05 EET");
    assert_eq!(
        c.due_state(Some(next), utc(2026, 10, 25, 1, 4)),
        DueState::NotDue
    );
    assert_eq!(
        c.due_state(Some(next), utc(2026, 10, 25, 1, 5)),
        DueState::ReminderDue
    );
    assert_eq!(
        c.due_state(Some(next), utc(2026, 10, 25, 1, 15)),
        DueState::ReminderDue
    );
    assert_eq!(
        c.due_state(Some(next), utc(2026, 10, 25, 1, 16)),
        DueState::Overdue
    );
}

#[test]
fn no_point_set_is_never_overdue() {
    let c = Cadence::default();
    assert_eq!(c.due_state(None, utc(2026, 12, 4, 10, 0)), DueState::None);
}

#[test]
fn settings_are_checked_naming_the_field() {
    assert_eq!(Cadence::default().check(), Ok(()));
    let zero = Cadence {
        yellow_minutes: 0,
        ..Cadence::default()
    };
    assert_eq!(zero.check().map_err(|e| e.field), Err("yellow_minutes"));
    let too_long = Cadence {
        green_minutes: 24 * 60 + 1,
        ..Cadence::default()
    };
    assert_eq!(too_long.check().map_err(|e| e.field), Err("green_minutes"));
    let noisy = Cadence {
        red_minutes: 10,
        remind_before_minutes: 10,
        ..Cadence::default()
    };
    assert_eq!(
        noisy.check().map_err(|e| e.field),
        Err("remind_before_minutes")
    );
}

mod common;

use common::{Sim, communication, service_desk};
use mim_domain::Language;
use mim_domain::case::{Actor, CaseEvent, CommunicationKind};
use mim_domain::communication::{OutboxMessage, PointReminder, Recipient, UPDATE_REMINDER};
use mim_domain::register::Channel;

/// mim's reminder of the case's current point, queued at the sim's now.
fn remind(sim: &mut Sim) {
    let message = OutboxMessage {
        message_id: format!("r/{}", sim.events.len()),
        message: "r".into(),
        kind: UPDATE_REMINDER.into(),
        audience: "communication".into(),
        channel: Channel::Email,
        recipient: Recipient {
            name: "Pia".into(),
            address: "pia@example.invalid".into(),
        },
        language: Language::Fi,
        subject: "muistutus".into(),
        text: "muistutus".into(),
        link: None,
        attachments: vec![],
    };
    sim.record(Actor::Mim, CaseEvent::MessageQueued { message });
}

#[test]
fn each_point_is_reminded_once_ahead_and_once_when_missed_and_a_new_update_starts_over() {
    let c = Cadence::default();
    let mut sim = Sim::open();
    let desk = service_desk();
    let point = sim.now + Duration::minutes(60);
    sim.act(&desk, communication(CommunicationKind::Update, Some(point)));
    assert_eq!(sim.case().next_update_by.as_ref(), Some(&desk.user));
    assert_eq!(sim.case().reminder_due(&c, sim.now), None);

    sim.now = point - Duration::minutes(10);
    assert_eq!(
        sim.case().reminder_due(&c, sim.now),
        Some(PointReminder {
            point,
            overdue: false
        })
    );
    remind(&mut sim);
    assert_eq!(sim.case().reminded_for, Some(point));
    assert_eq!(sim.case().reminder_due(&c, sim.now), None);
    sim.now = point;
    assert_eq!(sim.case().reminder_due(&c, sim.now), None, "due, not late");

    sim.now = point + Duration::seconds(1);
    assert_eq!(
        sim.case().reminder_due(&c, sim.now),
        Some(PointReminder {
            point,
            overdue: true
        })
    );
    remind(&mut sim);
    assert_eq!(sim.case().overdue_reminded_for, Some(point));
    sim.now += Duration::hours(3);
    assert_eq!(
        sim.case().reminder_due(&c, sim.now),
        None,
        "once late is enough"
    );

    // A new update sets a new point, reminded of its own.
    let next = sim.now + Duration::minutes(30);
    sim.act(&desk, communication(CommunicationKind::Update, Some(next)));
    sim.now = next - Duration::minutes(5);
    assert_eq!(
        sim.case().reminder_due(&c, sim.now),
        Some(PointReminder {
            point: next,
            overdue: false
        })
    );
}

#[test]
fn a_point_first_looked_at_after_it_passed_gets_only_the_overdue_reminder() {
    let c = Cadence::default();
    let mut sim = Sim::open();
    let point = sim.now + Duration::minutes(30);
    sim.act(
        &service_desk(),
        communication(CommunicationKind::Update, Some(point)),
    );
    sim.now = point + Duration::minutes(20);
    assert_eq!(
        sim.case().reminder_due(&c, sim.now),
        Some(PointReminder {
            point,
            overdue: true
        })
    );
    remind(&mut sim);
    assert_eq!(sim.case().reminded_for, None);
    assert_eq!(sim.case().reminder_due(&c, sim.now), None);
}
