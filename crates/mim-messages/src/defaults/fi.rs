//! Finnish defaults.

use crate::MessageKind;

pub(super) fn text(kind: MessageKind) -> (&'static str, &'static str) {
    match kind {
        MessageKind::CallOut => (
            "{% if escalated %}Eskaloitu: {% endif %}Arvioi häiriö: {{ service }} ({{ case_id }})",
            "Hei {{ recipient }},

{% if escalated %}MIM-yhteyshenkilö ei kuitannut kutsua ajoissa, joten se tulee sinulle varahenkilönä.
{% endif %}{{ service }}: häiriön arvio on {{ colour }}{% if users_affected %} (arviolta {{ users_affected }} käyttäjää){% endif %}. Päätä, käynnistetäänkö MIM-prosessi, ja kirjaa päätös myös silloin, kun sitä ei käynnistetä.

Alkoi: {{ started_at }}
{% if not_working %}Ei toimi: {{ not_working }}
{% endif %}{% if link %}Tapaus: {{ link }}
{% endif %}",
        ),
        MessageKind::RedAlert => (
            "PUNAINEN: {{ service }} – MIM-prosessi käynnistetään ({{ case_id }})",
            "{{ service }}: häiriö on arvioitu punaiseksi{% if users_affected %} (arviolta {{ users_affected }} käyttäjää){% endif %}.

Alkoi: {{ started_at }}
{% if not_working %}Ei toimi: {{ not_working }}
{% endif %}{% if affected %}Koskee: {{ affected }}
{% endif %}Palvelupiste ja tietohallinto: valmistautukaa MIM-prosessiin ja yhteydenottojen ruuhkaan.
{% if link %}Tapaus: {{ link }}
{% endif %}",
        ),
        MessageKind::FirstNotice | MessageKind::Update => (
            "Häiriö: {{ service }} – {{ status }}",
            "Häiriö: {{ service }}
Tila: {{ status }} (päivitetty {{ updated_at }})
{% if started_at %}Alkoi: {{ started_at }}
{% endif %}
{% if affected %}Koskee: {{ affected }}
{% endif %}{% if not_working %}Ei toimi: {{ not_working }}
{% endif %}{% if alternative %}Toimi näin sillä aikaa: {{ alternative }}
{% endif %}{% if instructions %}{{ instructions }}
{% endif %}
{% if estimate %}Arvioitu korjausaika: {{ estimate }}{% else %}Arviota korjausajasta ei vielä ole.{% endif %}
{% if cause %}Syy: {{ cause }}
{% endif %}
{% if next_update_at %}Seuraava tiedote viimeistään {{ next_update_at }}.{% else %}Seuraavan tiedotteen ajankohta ilmoitetaan erikseen.{% endif %}
{% if contact %}Lisätietoja: {{ contact }}
{% endif %}{% if link %}{{ link }}
{% endif %}",
        ),
        MessageKind::BackupInUse => (
            "Häiriö: {{ service }} – varajärjestely käytössä",
            "Häiriö: {{ service }}
Varajärjestely otetaan käyttöön: {{ backup }} (päivitetty {{ updated_at }})

{{ backup_announcement }}
{% if affected %}
Koskee: {{ affected }}
{% endif %}
{% if estimate %}Arvioitu korjausaika: {{ estimate }}{% else %}Arviota korjausajasta ei vielä ole.{% endif %}
{% if next_update_at %}Seuraava tiedote viimeistään {{ next_update_at }}.{% else %}Seuraavan tiedotteen ajankohta ilmoitetaan erikseen.{% endif %}
{% if contact %}Lisätietoja: {{ contact }}
{% endif %}",
        ),
        MessageKind::MimNotStarted => (
            "{{ service }}: MIM-prosessia ei käynnistetä ({{ case_id }})",
            "{{ service }}: häiriö on arvioitu, eikä MIM-prosessia käynnistetä. Asia hoidetaan normaalissa häiriönhallinnassa.

Perustelu: {{ decision_reason }}
Päätetty: {{ updated_at }}
{% if link %}Tapaus: {{ link }}
{% endif %}",
        ),
        MessageKind::VendorEscalation => (
            "Eskalaatio: {{ service }} – {{ case_id }}",
            "{{ vendor }}: {{ organisation }} eskaloi häiriön {{ case_id }} ({{ service }}).

Alkoi: {{ started_at }}
{% if not_working %}Ei toimi: {{ not_working }}
{% endif %}{% if users_affected %}Arviolta {{ users_affected }} käyttäjää.
{% endif %}Pyydämme kuittausta ja arviota korjausajasta sovitun toimintamallin mukaisesti.{% if progress_due_at %} Ensimmäinen tilanneraportti viimeistään {{ progress_due_at }}.{% endif %}
{% if contact %}Yhteyshenkilö: {{ contact }}
{% endif %}",
        ),
        MessageKind::VendorProgressDemand => (
            "Tilanneraportti pyydetään: {{ case_id }} ({{ service }})",
            "{{ vendor }}: pyydämme tilanneraporttia häiriöstä {{ case_id }} ({{ service }}) viimeistään {{ progress_due_at }}: mitä on tehty, mikä on tilanne ja milloin korjaus on arviolta valmis.
{% if contact %}Yhteyshenkilö: {{ contact }}
{% endif %}",
        ),
        MessageKind::ReturnToNormal => (
            "Häiriö on päättynyt: {{ service }}",
            "Häiriö on päättynyt: {{ service }}
{% if ended_at %}Päättyi: {{ ended_at }}{% endif %} (tiedote {{ updated_at }})

{{ service }} toimii taas normaalisti.{% if instructions %} {{ instructions }}{% endif %}
{% if cause %}Syy: {{ cause }}
{% endif %}Pahoittelemme häiriön aiheuttamaa haittaa.
{% if contact %}Lisätietoja: {{ contact }}
{% endif %}",
        ),
        MessageKind::WalkthroughInvitation => (
            "Läpikäynti: {{ service }} ({{ case_id }}) {{ walkthrough_at }}",
            "Hei {{ recipient }},

tervetuloa häiriön {{ case_id }} ({{ service }}) läpikäyntiin {{ walkthrough_at }}. Käymme läpi aikajanan, havainnot ja kehitystoimenpiteet.
{% if link %}Tapaus: {{ link }}
{% endif %}",
        ),
        MessageKind::UpdateReminder => (
            "{% if overdue %}Myöhässä{% else %}Muistutus{% endif %}: seuraava tiedote {{ service }} ({{ case_id }}) viimeistään {{ next_update_at }}",
            "Hei {{ recipient }},

{% if overdue %}seuraava tiedote häiriöstä {{ case_id }} ({{ service }}) luvattiin viimeistään {{ next_update_at }} ({{ next_update_zone }}), eikä sitä ole lähetetty. Lähetä tiedote nyt: kerro tilanne ja milloin seuraava tiedote tulee.{% else %}seuraava tiedote häiriöstä {{ case_id }} ({{ service }}) on luvattu viimeistään {{ next_update_at }} ({{ next_update_zone }}). Lähetä tiedote ennen sitä: kerro tilanne ja milloin seuraava tiedote tulee, vaikka uutta kerrottavaa ei olisi.{% endif %}
{% if link %}
Tapaus: {{ link }}
{% endif %}",
        ),
        MessageKind::AlertsResolved => (
            "Hälytykset poistuneet: {{ service }} ({{ case_id }})",
            "{{ service }}: kaikki häiriön {{ case_id }} hälytykset ovat poistuneet, eikä uusia ole tullut odotusaikana.

Tämä ei vielä tarkoita, että häiriö on ohi: varmistakaa toimittajalta korjausilmoitus ja sovitulta henkilöltä palvelun toimivuus ennen kuin paluu normaaliin kuitataan ja siitä tiedotetaan.
{% if link %}Tapaus: {{ link }}
{% endif %}",
        ),
        MessageKind::CaseReopened => (
            "Avattu uudelleen: {{ service }} ({{ case_id }})",
            "{{ service }}: häiriö {{ case_id }} on avattu uudelleen, koska ongelma jatkuu.{% if decision_reason %}
Syy: {{ decision_reason }}{% endif %}

Tapaus palasi seurantaan. Jos paluu normaaliin on jo tiedotettu, kertokaa käyttäjille, että häiriö jatkuu, ja milloin seuraava tiedote tulee.
{% if link %}Tapaus: {{ link }}
{% endif %}",
        ),
    }
}
