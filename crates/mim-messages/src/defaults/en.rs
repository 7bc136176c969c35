//! English defaults.

use crate::MessageKind;

pub(super) fn text(kind: MessageKind) -> (&'static str, &'static str) {
    match kind {
        MessageKind::CallOut => (
            "{% if escalated %}Escalated: {% endif %}Assess the disruption: {{ service }} ({{ case_id }})",
            "Hello {{ recipient }},

{% if escalated %}The MIM contact person did not acknowledge the call in time, so it comes to you as the deputy.
{% endif %}{{ service }}: the disruption is assessed {{ colour }}{% if users_affected %} (about {{ users_affected }} users){% endif %}. Decide whether to start the MIM process, and record the decision even when it does not start.

Started: {{ started_at }}
{% if not_working %}Not working: {{ not_working }}
{% endif %}{% if link %}Case: {{ link }}
{% endif %}",
        ),
        MessageKind::RedAlert => (
            "RED: {{ service }} – the MIM process starts ({{ case_id }})",
            "{{ service }}: the disruption is assessed red{% if users_affected %} (about {{ users_affected }} users){% endif %}.

Started: {{ started_at }}
{% if not_working %}Not working: {{ not_working }}
{% endif %}{% if affected %}Affects: {{ affected }}
{% endif %}Service desk and IT management: prepare for the MIM process and a flood of contacts.
{% if link %}Case: {{ link }}
{% endif %}",
        ),
        MessageKind::FirstNotice | MessageKind::Update => (
            "Disruption: {{ service }} – {{ status }}",
            "Disruption: {{ service }}
Status: {{ status }} (updated {{ updated_at }})
{% if started_at %}Started: {{ started_at }}
{% endif %}
{% if affected %}Affects: {{ affected }}
{% endif %}{% if not_working %}Not working: {{ not_working }}
{% endif %}{% if alternative %}In the meantime: {{ alternative }}
{% endif %}{% if instructions %}{{ instructions }}
{% endif %}
{% if estimate %}Estimated fix: {{ estimate }}{% else %}No estimate of the fix yet.{% endif %}
{% if cause %}Cause: {{ cause }}
{% endif %}
{% if next_update_at %}Next update by {{ next_update_at }}.{% else %}The time of the next update will be announced.{% endif %}
{% if contact %}More information: {{ contact }}
{% endif %}{% if link %}{{ link }}
{% endif %}",
        ),
        MessageKind::BackupInUse => (
            "Disruption: {{ service }} – backup arrangement in use",
            "Disruption: {{ service }}
A backup arrangement is taken into use: {{ backup }} (updated {{ updated_at }})

{{ backup_announcement }}
{% if affected %}
Affects: {{ affected }}
{% endif %}
{% if estimate %}Estimated fix: {{ estimate }}{% else %}No estimate of the fix yet.{% endif %}
{% if next_update_at %}Next update by {{ next_update_at }}.{% else %}The time of the next update will be announced.{% endif %}
{% if contact %}More information: {{ contact }}
{% endif %}",
        ),
        MessageKind::MimNotStarted => (
            "{{ service }}: the MIM process is not started ({{ case_id }})",
            "{{ service }}: the disruption was assessed and the MIM process is not started. It is handled in the normal incident process.

Reason: {{ decision_reason }}
Decided: {{ updated_at }}
{% if link %}Case: {{ link }}
{% endif %}",
        ),
        MessageKind::VendorEscalation => (
            "Escalation: {{ service }} – {{ case_id }}",
            "{{ vendor }}: {{ organisation }} escalates disruption {{ case_id }} ({{ service }}).

Started: {{ started_at }}
{% if not_working %}Not working: {{ not_working }}
{% endif %}{% if users_affected %}About {{ users_affected }} users.
{% endif %}Please acknowledge and give an estimate of the fix as the agreed practice says.{% if progress_due_at %} First progress report by {{ progress_due_at }}.{% endif %}
{% if contact %}Contact: {{ contact }}
{% endif %}",
        ),
        MessageKind::VendorProgressDemand => (
            "Progress report requested: {{ case_id }} ({{ service }})",
            "{{ vendor }}: please send a progress report on disruption {{ case_id }} ({{ service }}) by {{ progress_due_at }}: what has been done, where it stands and when the fix is expected.
{% if contact %}Contact: {{ contact }}
{% endif %}",
        ),
        MessageKind::ReturnToNormal => (
            "The disruption has ended: {{ service }}",
            "The disruption has ended: {{ service }}
{% if ended_at %}Ended: {{ ended_at }}{% endif %} (notice {{ updated_at }})

{{ service }} works normally again.{% if instructions %} {{ instructions }}{% endif %}
{% if cause %}Cause: {{ cause }}
{% endif %}We apologise for the inconvenience.
{% if contact %}More information: {{ contact }}
{% endif %}",
        ),
        MessageKind::WalkthroughInvitation => (
            "Walk-through: {{ service }} ({{ case_id }}) {{ walkthrough_at }}",
            "Hello {{ recipient }},

you are invited to the walk-through of disruption {{ case_id }} ({{ service }}) at {{ walkthrough_at }}. We go through the timeline, the findings and the action items.
{% if link %}Case: {{ link }}
{% endif %}",
        ),
        MessageKind::UpdateReminder => (
            "{% if overdue %}Overdue{% else %}Reminder{% endif %}: next update on {{ service }} ({{ case_id }}) by {{ next_update_at }}",
            "Hello {{ recipient }},

{% if overdue %}the next update on disruption {{ case_id }} ({{ service }}) was promised by {{ next_update_at }} ({{ next_update_zone }}) and has not been sent. Send it now: say where things stand and when the next update comes.{% else %}the next update on disruption {{ case_id }} ({{ service }}) is promised by {{ next_update_at }} ({{ next_update_zone }}). Send it before then: say where things stand and when the next update comes, even if nothing has changed.{% endif %}
{% if link %}
Case: {{ link }}
{% endif %}",
        ),
        MessageKind::AlertsResolved => (
            "Alerts resolved: {{ service }} ({{ case_id }})",
            "{{ service }}: every alert of disruption {{ case_id }} has resolved, and none has fired again during the hold-down.

This does not yet mean the disruption is over: get the vendor's fix report and have the named person verify the service before the return to normal is signed off and announced.
{% if link %}Case: {{ link }}
{% endif %}",
        ),
        MessageKind::CaseReopened => (
            "Reopened: {{ service }} ({{ case_id }})",
            "{{ service }}: disruption {{ case_id }} has been reopened because the problem persists.{% if decision_reason %}
Reason: {{ decision_reason }}{% endif %}

The case is back under monitoring. If the return to normal was already announced, tell users that the disruption continues and when the next update comes.
{% if link %}Case: {{ link }}
{% endif %}",
        ),
    }
}
