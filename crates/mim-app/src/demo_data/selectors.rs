//! The monitoring labels that map the demo's alerts to its systems, as a municipality's
//! Prometheus and Zabbix set them up: a service or job label for the whole system, and a
//! narrower selector where an alert concerns only part of the users (Wilma's mobile app, the
//! home-care devices of the patient records, one site of the network). Alerts that carry a
//! `system` label equal to a system's id map without any of these.

use mim_domain::register::{CriticalSystem, Selector};

/// `system` with its selectors set.
pub(super) fn with_selectors(mut system: CriticalSystem) -> CriticalSystem {
    let whole = |k: &str, v: &str| Selector::new([(k, v)]);
    system.selectors = match system.id.as_str() {
        "wilma" => vec![
            whole("service", "wilma"),
            Selector::new([("service", "wilma"), ("component", "mobiili")]).with_share(35),
        ],
        "potilastieto" => vec![
            whole("job", "potilastieto"),
            Selector::new([("job", "potilastieto"), ("component", "kotihoito")]).with_share(15),
        ],
        "sahkoposti" => vec![whole("service", "exchange-online")],
        "puhelinvaihde" => vec![whole("service", "puhelinvaihde")],
        "kuntaverkko" => vec![
            Selector::new([("job", "snmp"), ("role", "core")]),
            Selector::new([("job", "snmp"), ("site", "kaupungintalo")]).with_share(40),
        ],
        "palkat" => vec![whole("service", "palkanlaskenta")],
        "asianhallinta" => vec![whole("service", "asianhallinta")],
        // The library system's monitoring is not labelled yet (its alerts map only with a
        // `system` label): one of the gaps the demo's readiness report shows.
        "kirjasto" => vec![],
        "ajanvaraus" => vec![whole("service", "ajanvaraus")],
        _ => vec![],
    };
    system
}
