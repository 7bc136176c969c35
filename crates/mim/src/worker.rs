//! Background work of the server: loops around one testable step each
//! (`dismiss_quiet_detections`, `remind_communication_points`, the correlation step).

use mim_app::App;
use std::thread::JoinHandle;
use std::time::Duration;
use tokio::sync::watch;

pub async fn quiet_detections(app: App, every: Duration, mut stop: watch::Receiver<bool>) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = tick.tick() => {
                match app.dismiss_quiet_detections().await {
                    Ok(ids) if !ids.is_empty() => {
                        let ids: Vec<String> = ids.iter().map(ToString::to_string).collect();
                        tracing::info!(cases = %ids.join(", "), "dismissed quiet detections");
                    }
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "checking quiet detections failed; will retry"),
                }
            }
            _ = stop.changed() => break,
        }
    }
}

/// How often the communication points are looked at: a reminder goes out within this of its
/// time, small beside any reminder lead (minutes), and the pass reads only the listing rows
/// of cases with nothing owed.
pub const REMINDER_CHECK: Duration = Duration::from_secs(5);

/// Queues the reminders of communication points as they fall due (`remind_communication_points`).
pub async fn communication_reminders(app: App, every: Duration, mut stop: watch::Receiver<bool>) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut seen = mim_app::cases::RemindersSeen::default();
    loop {
        tokio::select! {
            _ = tick.tick() => {
                match app.remind_communication_points(&mut seen).await {
                    Ok(n) if n > 0 => tracing::info!(reminders = n, "reminded of communication points"),
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "reminding of communication points failed; will retry"),
                }
            }
            _ = stop.changed() => break,
        }
    }
}

/// Deliveries folded per step of the correlation worker at most (fewer when they are large).
const BATCH: u32 = 1000;

/// Starts the correlation worker on a thread of its own, at a lower CPU priority than the
/// server's: taking reports in durably comes first, and folding them into cases uses what
/// intake leaves of the processor (on a busy 2-core machine it lags under a flood and
/// catches up after). Join the handle after `stop` is set.
pub fn spawn_correlation(app: App, stop: watch::Receiver<bool>) -> std::io::Result<JoinHandle<()>> {
    std::thread::Builder::new()
        .name("mim-correlation".into())
        .spawn(move || {
            // Linux's nice value is per thread: this lowers the worker alone.
            if let Err(e) = rustix::process::nice(CORRELATION_NICE) {
                tracing::warn!(error = %e, "could not lower the correlation worker's priority");
            }
            match tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                Ok(runtime) => runtime.block_on(correlation(app, stop)),
                Err(e) => tracing::error!(error = %e, "the correlation worker could not start"),
            }
        })
}

/// How much lower the correlation worker runs than the server (nice 0 → 10: about a tenth
/// of a contended core's share).
const CORRELATION_NICE: i32 = 10;

/// Folds the inbox into cases: woken by every commit, and every second anyway (a delivery
/// committed before a restart, a hold-down that ran out).
async fn correlation(app: App, mut stop: watch::Receiver<bool>) {
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        let mut settle = false;
        tokio::select! {
            _ = app.intake_committed() => {}
            _ = tick.tick() => settle = true,
            _ = stop.changed() => break,
        }
        // Drain what is waiting, a bounded batch at a time, stopping promptly on shutdown:
        // what is left waits in the durable inbox for the next start.
        loop {
            if *stop.borrow() {
                return;
            }
            match app.correlate(BATCH).await {
                Ok(done) if done.deliveries > 0 => continue,
                Ok(_) => break,
                Err(e) => {
                    tracing::warn!(error = %e, "correlating the inbox failed; will retry");
                    break;
                }
            }
        }
        if settle && let Err(e) = app.settle_detections().await {
            tracing::warn!(error = %e, "settling detections failed; will retry");
        }
    }
}
