//! Swedish defaults (as written in Finland).

use crate::MessageKind;

pub(super) fn text(kind: MessageKind) -> (&'static str, &'static str) {
    match kind {
        MessageKind::CallOut => (
            "{% if escalated %}Eskalerad: {% endif %}Bedöm störningen: {{ service }} ({{ case_id }})",
            "Hej {{ recipient }},

{% if escalated %}MIM-kontaktpersonen kvitterade inte kallelsen i tid, så den går till dig som ersättare.
{% endif %}{{ service }}: störningen bedöms som {{ colour }}{% if users_affected %} (uppskattningsvis {{ users_affected }} användare){% endif %}. Besluta om MIM-processen ska startas, och registrera beslutet även när den inte startas.

Började: {{ started_at }}
{% if not_working %}Fungerar inte: {{ not_working }}
{% endif %}{% if link %}Ärende: {{ link }}
{% endif %}",
        ),
        MessageKind::RedAlert => (
            "RÖD: {{ service }} – MIM-processen startas ({{ case_id }})",
            "{{ service }}: störningen har bedömts som röd{% if users_affected %} (uppskattningsvis {{ users_affected }} användare){% endif %}.

Började: {{ started_at }}
{% if not_working %}Fungerar inte: {{ not_working }}
{% endif %}{% if affected %}Berör: {{ affected }}
{% endif %}Servicedesken och IT-förvaltningen: förbered er på MIM-processen och många kontakter.
{% if link %}Ärende: {{ link }}
{% endif %}",
        ),
        MessageKind::FirstNotice | MessageKind::Update => (
            "Störning: {{ service }} – {{ status }}",
            "Störning: {{ service }}
Läge: {{ status }} (uppdaterat {{ updated_at }})
{% if started_at %}Började: {{ started_at }}
{% endif %}
{% if affected %}Berör: {{ affected }}
{% endif %}{% if not_working %}Fungerar inte: {{ not_working }}
{% endif %}{% if alternative %}Gör så här under tiden: {{ alternative }}
{% endif %}{% if instructions %}{{ instructions }}
{% endif %}
{% if estimate %}Beräknad tid för åtgärd: {{ estimate }}{% else %}Ingen uppskattning av tiden för åtgärd ännu.{% endif %}
{% if cause %}Orsak: {{ cause }}
{% endif %}
{% if next_update_at %}Nästa meddelande senast {{ next_update_at }}.{% else %}Tidpunkten för nästa meddelande meddelas separat.{% endif %}
{% if contact %}Mer information: {{ contact }}
{% endif %}{% if link %}{{ link }}
{% endif %}",
        ),
        MessageKind::BackupInUse => (
            "Störning: {{ service }} – reservarrangemang i bruk",
            "Störning: {{ service }}
Reservarrangemanget tas i bruk: {{ backup }} (uppdaterat {{ updated_at }})

{{ backup_announcement }}
{% if affected %}
Berör: {{ affected }}
{% endif %}
{% if estimate %}Beräknad tid för åtgärd: {{ estimate }}{% else %}Ingen uppskattning av tiden för åtgärd ännu.{% endif %}
{% if next_update_at %}Nästa meddelande senast {{ next_update_at }}.{% else %}Tidpunkten för nästa meddelande meddelas separat.{% endif %}
{% if contact %}Mer information: {{ contact }}
{% endif %}",
        ),
        MessageKind::MimNotStarted => (
            "{{ service }}: MIM-processen startas inte ({{ case_id }})",
            "{{ service }}: störningen har bedömts och MIM-processen startas inte. Ärendet sköts i den normala störningshanteringen.

Motivering: {{ decision_reason }}
Beslutat: {{ updated_at }}
{% if link %}Ärende: {{ link }}
{% endif %}",
        ),
        MessageKind::VendorEscalation => (
            "Eskalering: {{ service }} – {{ case_id }}",
            "{{ vendor }}: {{ organisation }} eskalerar störningen {{ case_id }} ({{ service }}).

Började: {{ started_at }}
{% if not_working %}Fungerar inte: {{ not_working }}
{% endif %}{% if users_affected %}Uppskattningsvis {{ users_affected }} användare.
{% endif %}Vi ber om kvittering och en uppskattning av tiden för åtgärd enligt överenskommen praxis.{% if progress_due_at %} Första lägesrapporten senast {{ progress_due_at }}.{% endif %}
{% if contact %}Kontaktperson: {{ contact }}
{% endif %}",
        ),
        MessageKind::VendorProgressDemand => (
            "Lägesrapport begärs: {{ case_id }} ({{ service }})",
            "{{ vendor }}: vi ber om en lägesrapport om störningen {{ case_id }} ({{ service }}) senast {{ progress_due_at }}: vad som har gjorts, läget och när åtgärden beräknas vara klar.
{% if contact %}Kontaktperson: {{ contact }}
{% endif %}",
        ),
        MessageKind::ReturnToNormal => (
            "Störningen har upphört: {{ service }}",
            "Störningen har upphört: {{ service }}
{% if ended_at %}Upphörde: {{ ended_at }}{% endif %} (meddelande {{ updated_at }})

{{ service }} fungerar normalt igen.{% if instructions %} {{ instructions }}{% endif %}
{% if cause %}Orsak: {{ cause }}
{% endif %}Vi beklagar olägenheten.
{% if contact %}Mer information: {{ contact }}
{% endif %}",
        ),
        MessageKind::WalkthroughInvitation => (
            "Genomgång: {{ service }} ({{ case_id }}) {{ walkthrough_at }}",
            "Hej {{ recipient }},

välkommen till genomgången av störningen {{ case_id }} ({{ service }}) {{ walkthrough_at }}. Vi går igenom tidslinjen, iakttagelserna och förbättringsåtgärderna.
{% if link %}Ärende: {{ link }}
{% endif %}",
        ),
        MessageKind::UpdateReminder => (
            "{% if overdue %}Försenat{% else %}Påminnelse{% endif %}: nästa meddelande om {{ service }} ({{ case_id }}) senast {{ next_update_at }}",
            "Hej {{ recipient }},

{% if overdue %}nästa meddelande om störning {{ case_id }} ({{ service }}) utlovades senast {{ next_update_at }} ({{ next_update_zone }}) och har inte skickats. Skicka det nu: berätta läget och när nästa meddelande kommer.{% else %}nästa meddelande om störning {{ case_id }} ({{ service }}) är utlovat senast {{ next_update_at }} ({{ next_update_zone }}). Skicka det före dess: berätta läget och när nästa meddelande kommer, även om inget nytt har hänt.{% endif %}
{% if link %}
Ärende: {{ link }}
{% endif %}",
        ),
        MessageKind::AlertsResolved => (
            "Larmen har upphört: {{ service }} ({{ case_id }})",
            "{{ service }}: alla larm för störningen {{ case_id }} har upphört, och inga nya har kommit under väntetiden.

Det betyder ännu inte att störningen är över: begär leverantörens rapport om åtgärden och låt den utsedda personen verifiera tjänsten innan återgången till normalläge kvitteras och meddelas.
{% if link %}Ärende: {{ link }}
{% endif %}",
        ),
        MessageKind::CaseReopened => (
            "Återöppnat: {{ service }} ({{ case_id }})",
            "{{ service }}: störningen {{ case_id }} har återöppnats eftersom problemet kvarstår.{% if decision_reason %}
Orsak: {{ decision_reason }}{% endif %}

Ärendet är tillbaka under uppföljning. Om återgången till normalläge redan har meddelats, berätta för användarna att störningen fortsätter och när nästa meddelande kommer.
{% if link %}Ärende: {{ link }}
{% endif %}",
        ),
    }
}
