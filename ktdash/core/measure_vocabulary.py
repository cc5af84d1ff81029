"""The vocabulary of measures (Maßnahmen, issue 17): types, statuses, the headers of a measures file and their
synonyms. Codes are English and stable (stored in ``measures.type`` / ``.status``); the words users read are in
the text catalogs (:data:`TYPE_LABELS`, :data:`STATUS_LABELS` name their keys). Like
:mod:`ktdash.core.campaign_vocabulary`, everything here is data: the import joins against lookup tables built
from these mappings (:func:`ktdash.core.domain.synonym_rows`)."""

from __future__ import annotations

from enum import StrEnum


class MeasureType(StrEnum):
    HEATING_REPLACEMENT = "heating_replacement"
    HYDRAULIC_BALANCING = "hydraulic_balancing"
    CONTROL_OPTIMISATION = "control_optimisation"
    LED_LIGHTING = "led_lighting"
    INSULATION = "insulation"
    WINDOWS = "windows"
    PV_SYSTEM = "pv_system"
    VENTILATION_HEAT_RECOVERY = "ventilation_heat_recovery"
    USER_AWARENESS = "user_awareness"
    OTHER = "other"


class MeasureStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"


TYPE_LABELS: dict[MeasureType, str] = {  # type → catalog key of its name
    MeasureType.HEATING_REPLACEMENT: "measure_type_heating_replacement",
    MeasureType.HYDRAULIC_BALANCING: "measure_type_hydraulic_balancing",
    MeasureType.CONTROL_OPTIMISATION: "measure_type_control_optimisation",
    MeasureType.LED_LIGHTING: "measure_type_led_lighting",
    MeasureType.INSULATION: "measure_type_insulation",
    MeasureType.WINDOWS: "measure_type_windows",
    MeasureType.PV_SYSTEM: "measure_type_pv_system",
    MeasureType.VENTILATION_HEAT_RECOVERY: "measure_type_ventilation_heat_recovery",
    MeasureType.USER_AWARENESS: "measure_type_user_awareness",
    MeasureType.OTHER: "measure_type_other",
}
STATUS_LABELS: dict[MeasureStatus, str] = {
    MeasureStatus.PLANNED: "measure_status_planned",
    MeasureStatus.IN_PROGRESS: "measure_status_in_progress",
    MeasureStatus.COMPLETED: "measure_status_completed",
}

TYPE_SYNONYMS: dict[MeasureType, tuple[str, ...]] = {
    MeasureType.HEATING_REPLACEMENT: ("Heizungstausch", "Heizungserneuerung", "Kesseltausch", "neue Heizung",
                                      "Wärmepumpe", "Heizungsaustausch", "heating replacement", "boiler replacement"),
    MeasureType.HYDRAULIC_BALANCING: ("Hydraulischer Abgleich", "hydraulischer Abgleich", "Abgleich",
                                      "hydraulic balancing"),
    MeasureType.CONTROL_OPTIMISATION: ("Regelungsoptimierung", "Regelung", "Optimierung der Regelung", "MSR",
                                       "Gebäudeautomation", "control optimisation", "control optimization"),
    MeasureType.LED_LIGHTING: ("LED-Beleuchtung", "LED", "LED Beleuchtung", "Beleuchtung", "Beleuchtungssanierung",
                               "LED lighting", "lighting"),
    MeasureType.INSULATION: ("Dämmung Dach/Fassade", "Dämmung", "Daemmung", "Dachdämmung", "Fassadendämmung",
                             "Wärmedämmung", "insulation"),
    MeasureType.WINDOWS: ("Fenstertausch", "Fenster", "Fenstererneuerung", "windows", "window replacement"),
    MeasureType.PV_SYSTEM: ("PV-Anlage", "PV", "Photovoltaik", "Photovoltaikanlage", "Solaranlage", "PV system"),
    MeasureType.VENTILATION_HEAT_RECOVERY: ("Lüftung mit WRG", "Lüftung", "Lueftung mit WRG", "Lüftungsanlage",
                                            "Wärmerückgewinnung", "WRG", "ventilation with heat recovery"),
    MeasureType.USER_AWARENESS: ("Nutzersensibilisierung", "Sensibilisierung", "Nutzerschulung", "Energiesparen",
                                 "user awareness"),
    MeasureType.OTHER: ("Sonstiges", "Sonstige", "andere", "other"),
}
STATUS_SYNONYMS: dict[MeasureStatus, tuple[str, ...]] = {
    MeasureStatus.PLANNED: ("geplant", "Planung", "in Planung", "planned"),
    MeasureStatus.IN_PROGRESS: ("in Umsetzung", "in Arbeit", "laufend", "begonnen", "in progress"),
    MeasureStatus.COMPLETED: ("umgesetzt", "abgeschlossen", "fertig", "erledigt", "completed", "done"),
}

# field → header names of a measures file (one row per measure and affected carrier: see ktdash.ingest.layouts
# .measures); the field codes are the [fields] keys of the catalogs
MEASURE_HEADERS: dict[str, tuple[str, ...]] = {
    "building": ("Liegenschaft", "Gebäude", "Gebaeude", "Objekt", "building"),
    "measure_type": ("Maßnahme", "Massnahme", "Art", "Maßnahmenart", "Typ", "measure", "type"),
    "title": ("Titel", "Bezeichnung", "title"),
    "carrier": ("Energieträger", "Energietraeger", "Medium", "Sparte", "carrier"),
    "completed_on": ("Fertigstellung", "fertiggestellt", "Abschluss", "Datum", "completed"),
    "investment": ("Investition", "Investition (€)", "Investition (EUR)", "Kosten", "investment"),
    "funding": ("Förderung", "Foerderung", "Förderung (€)", "Förderung (EUR)", "Fördermittel", "funding"),
    "expected_savings": ("erwartete Einsparung (kWh/a)", "erwartete Einsparung", "Einsparung (kWh/a)",
                         "Einsparung", "expected savings", "expected savings (kWh/a)"),
    "measure_status": ("Status", "Stand", "status"),
    "note": ("Bemerkung", "Bemerkungen", "Notiz", "note"),
}
