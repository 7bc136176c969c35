//! Background work of the server: a loop around one testable step (`dismiss_quiet_detections`).

use mim_app::App;
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
