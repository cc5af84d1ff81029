"""The vocabulary of campaign data: topics, formats, kinds of activity, the headers of
campaign, activity and register files, and their synonyms.

Like :mod:`ktdash.core.domain` for energy data, everything here is data: the import's
SQL joins against lookup tables built from these mappings.
"""

from __future__ import annotations

from enum import StrEnum


class Topic(StrEnum):
    """Topics of the network's joint campaigns (values are the German names shown to users)."""

    PHOTOVOLTAIK = "Photovoltaik"
    WAERME = "Wärme"
    MOBILITAET = "Mobilität"
    BAULEITPLANUNG = "Bauleitplanung"
    ENERGIESPAREN = "Energiesparen"
    SONSTIGES = "Sonstiges"


class EventFormat(StrEnum):
    ONLINE = "online"
    PRAESENZ = "Präsenz"
    HYBRID = "hybrid"


class ActivityKind(StrEnum):
    VORTRAG = "Vortrag"
    WEBINAR = "Webinar"
    BERATUNG = "Beratung"
    SOLAR_CHECK = "Solar-Check"
    THERMOGRAFIE = "Thermografie-Spaziergang"
    INFOSTAND = "Infostand"
    NEWSLETTER = "Newsletter"
    PRESSE = "Presse"
    WORKSHOP = "Workshop"
    EXKURSION = "Exkursion"
    SONSTIGES = "Sonstiges"


TOPIC_SYNONYMS: dict[Topic, tuple[str, ...]] = {
    Topic.PHOTOVOLTAIK: ("PV", "Solar", "Solarenergie", "Photovoltaik", "Fotovoltaik", "Balkonkraftwerk",
                         "Solaroffensive", "photovoltaics", "solar"),
    Topic.WAERME: ("Wärme", "Waerme", "Heizung", "Heizen", "Wärmewende", "Wärmepumpe", "Heizungstausch",
                   "Sanierung", "heat", "heating"),
    Topic.MOBILITAET: ("Mobilität", "Mobilitaet", "Verkehr", "Radverkehr", "E-Mobilität", "mobility", "transport"),
    Topic.BAULEITPLANUNG: ("Bauleitplanung", "Klimaschutz in der Bauleitplanung", "Planung", "Bebauungsplan",
                           "land-use planning", "planning"),
    Topic.ENERGIESPAREN: ("Energiesparen", "Energie sparen", "Energieeinsparung", "Stromsparen", "Effizienz",
                          "energy saving", "saving energy"),
    Topic.SONSTIGES: ("Sonstiges", "Sonstige", "other"),
}

FORMAT_SYNONYMS: dict[EventFormat, tuple[str, ...]] = {
    EventFormat.ONLINE: ("online", "digital", "virtuell", "Online-Veranstaltung", "Videokonferenz", "web"),
    EventFormat.PRAESENZ: ("Präsenz", "Praesenz", "vor Ort", "Präsenzveranstaltung", "analog", "in person",
                           "on site", "in-person"),
    EventFormat.HYBRID: ("hybrid", "Hybridveranstaltung"),
}

KIND_SYNONYMS: dict[ActivityKind, tuple[str, ...]] = {
    ActivityKind.VORTRAG: ("Vortrag", "Infoabend", "Informationsabend", "Infoveranstaltung", "Vortragsabend",
                           "talk", "lecture"),
    ActivityKind.WEBINAR: ("Webinar", "Online-Vortrag", "Web-Seminar", "webinar"),
    ActivityKind.BERATUNG: ("Beratung", "Energieberatung", "Sprechstunde", "Einzelberatung", "consultation",
                            "advice"),
    ActivityKind.SOLAR_CHECK: ("Solar-Check", "Solarcheck", "PV-Check", "Eignungscheck", "solar check"),
    ActivityKind.THERMOGRAFIE: ("Thermografie-Spaziergang", "Thermografiespaziergang", "Thermografie",
                                "Thermographie", "Thermografie-Rundgang", "thermography walk"),
    ActivityKind.INFOSTAND: ("Infostand", "Informationsstand", "Stand", "Messestand", "info stand", "booth"),
    ActivityKind.NEWSLETTER: ("Newsletter", "Rundbrief", "Mailing", "newsletter"),
    ActivityKind.PRESSE: ("Presse", "Pressemitteilung", "Presseartikel", "Zeitungsartikel", "Amtsblatt",
                          "press", "press release"),
    ActivityKind.WORKSHOP: ("Workshop", "Seminar", "Schulung", "Fortbildung", "workshop", "training"),
    ActivityKind.EXKURSION: ("Exkursion", "Besichtigung", "Führung", "Tour", "excursion", "site visit"),
    ActivityKind.SONSTIGES: ("Sonstiges", "Sonstige", "other"),
}

# Words in "Beteiligte Kommunen" that mean every municipality of the region.
ALL_MEMBERS = ("alle", "alle Kommunen", "Westpfalz", "gesamte Westpfalz", "all")

# canonical field → header names, per kind of file (folded on use, like the energy import's headers)
CAMPAIGN_HEADERS: dict[str, tuple[str, ...]] = {
    "campaign_no": ("Nr", "Nr.", "Kampagnen-Nr", "Kampagnennummer", "Kampagnen-ID", "ID", "Kürzel", "campaign no",
                    "campaign id"),
    "campaign": ("Kampagne", "Kampagnenname", "Name der Kampagne", "Titel der Kampagne", "campaign",
                 "campaign name"),
    "topic": ("Thema", "Themenfeld", "Handlungsfeld", "topic"),
    "lead": ("Federführung", "federführend", "Federfuehrung", "Leitung", "Verantwortlich", "Lead", "lead"),
    "members": ("Beteiligte Kommunen", "Beteiligte", "Teilnehmende Kommunen", "Kommunen", "participating",
                "participating municipalities", "members"),
    "start": ("Beginn", "Start", "Startdatum", "von", "ab", "start", "start date"),
    "end": ("Ende", "Enddatum", "bis", "end", "end date"),
    "description": ("Beschreibung", "Ziel", "Inhalt", "Bemerkung", "description"),
}

ACTIVITY_HEADERS: dict[str, tuple[str, ...]] = {
    "campaign": ("Kampagne", "Kampagnen-Nr", "Kampagnennummer", "Kampagnen-ID", "campaign", "campaign id"),
    "date": ("Datum", "Termin", "Veranstaltungsdatum", "date"),
    "municipality": ("Kommune", "Gemeinde", "Verbandsgemeinde", "Gebietskörperschaft", "municipality"),
    "format": ("Format", "Veranstaltungsformat", "format"),
    "kind": ("Art", "Veranstaltungsart", "Aktivität", "Maßnahme", "Typ", "kind", "type", "activity"),
    "title": ("Titel", "Bezeichnung", "Thema der Veranstaltung", "Veranstaltung", "title"),
    "cost": ("Kosten", "Kosten (EUR)", "Kosten EUR", "Kosten €", "Ausgaben", "cost", "costs", "cost eur"),
    "participants": ("Teilnehmende", "Teilnehmer", "Teilnehmerzahl", "Besucher", "Kontakte", "participants",
                     "attendees"),
    "registrations": ("Anmeldungen", "Registrierungen", "registrations", "sign-ups"),
    "consultations": ("Beratungen", "Beratungsgespräche", "Erstberatungen", "Checks", "consultations"),
    "page_views": ("Seitenaufrufe", "Aufrufe", "Klicks", "Reichweite online", "page views", "views"),
    "leads": ("Leads", "Interessenten", "Kontaktanfragen", "leads"),
    "outcomes": ("Umsetzungen", "umgesetzte Maßnahmen", "Ergebnisse", "Abschlüsse", "outcomes", "implemented"),
}

# The public CSV export of the Marktstammdatenregister (Erweiterte Einheitenübersicht).
REGISTER_HEADERS: dict[str, tuple[str, ...]] = {
    "unit_id": ("MaStR-Nr. der Einheit", "MaStR-Nr.", "MaStR-Nummer", "EinheitMastrNummer"),
    "unit_name": ("Anzeige-Name der Einheit", "Name der Einheit", "NameStromerzeugungseinheit"),
    "status": ("Betriebs-Status", "Betriebsstatus", "EinheitBetriebsstatus"),
    "energy_source": ("Energieträger", "Energietraeger"),
    "gross_kw": ("Bruttoleistung der Einheit", "Bruttoleistung", "Bruttoleistung (kW)"),
    "net_kw": ("Nettonennleistung der Einheit", "Nettonennleistung"),
    "commissioned": ("Inbetriebnahmedatum der Einheit", "Inbetriebnahmedatum", "Datum der Inbetriebnahme"),
    "ags": ("Gemeindeschlüssel", "Gemeindeschluessel", "AGS", "Amtlicher Gemeindeschlüssel"),
    "place_name": ("Gemeinde",),
    "solar_type": ("Art der Solaranlage", "Lage der Einheit", "Lage"),
}

# MaStR values ktdash reads (folded on use): the solar energy source, statuses that never produced.
SOLAR_SOURCES = ("Solare Strahlungsenergie", "Solar", "Solarenergie", "Photovoltaik")
NOT_COMMISSIONED = ("In Planung",)
PLUG_IN_WORDS = ("steckerfertig", "Balkonkraftwerk", "Plug-In", "Plug-in")
