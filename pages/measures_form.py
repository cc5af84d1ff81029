"""The Gebäude page's section "Maßnahmen" (issue 17): the building's measures as a table with each one's history,
the form to add, change and delete one, and baseline against actual per verified measure (group).

Only the building's municipality's manager and admins see the form (``edit_masterdata``, the rule of
:func:`ktdash.ingest.measures._allow`, which checks again at the click and audits every change). A refusal
(:class:`ktdash.ingest.measures.MeasureError`, :class:`~ktdash.access.permissions.NotAllowed`) is shown in the
reader's language from the catalogs and changes nothing. The affected carriers are chosen above the form (a
widget inside ``st.form`` does not rerun the page): the form then asks for the expected savings of each.
"""

from __future__ import annotations

import contextlib
from datetime import date
import pandas as pd
import streamlit as st

from ktdash.access.permissions import Action, NotAllowed
from ktdash.analytics import measures as measure_queries
from ktdash.analytics import savings, verified
from ktdash.core.domain import Carrier
from ktdash.core.formatting import (date_pattern, display_text, format_date, format_datetime, format_month,
                                    format_number, quote)
from ktdash.core.formatting import markdown_escape as escape
from ktdash.core.measure_vocabulary import STATUS_LABELS, TYPE_LABELS, MeasureStatus, MeasureType
from ktdash.core.settings import AnalyticsSettings
from ktdash.i18n import texts
from ktdash.ingest import measures as measure_changes
from ktdash.output import charts
from ktdash.output.measures import finding_text, verdict_label, measures_table
from pages.common import can, chart, current_user, show_table, store_cursor

NEW = 0  # the choice "a new measure" (measure numbers are positive)
REASONS = {"update": "measures_reason_update", "delete": "measures_reason_delete", "import": "measures_reason_import"}
MONEY_FIELDS = ("investment", "funding", "expected_savings")


def load(building_id: int) -> pd.DataFrame:
    """The building's measures (:func:`ktdash.analytics.measures.measures`), read on every run (a few rows)."""
    return measure_queries.measures(store_cursor(), building_id=int(building_id))


def _key(name: str, building_id: int) -> str:
    return f"measure_{name}_{building_id}"


def _expected_key(carrier: str, building_id: int) -> str:
    return f"measure_expected_{carrier}_{building_id}"


def _day(value) -> date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def _number(value, decimals: int = 0, lang: str = "de") -> str:
    return "–" if value is None or pd.isna(value) else format_number(float(value), decimals, lang)


# --- the form's state ---------------------------------------------------------------------------------------------

def _fill(building_id: int, row: dict | None) -> None:
    """Put a stored measure (or, for None, an empty new one) into the form's widgets."""
    row = row or {}
    state = st.session_state
    state[_key("type", building_id)] = MeasureType(row.get("type") or MeasureType.HEATING_REPLACEMENT)
    state[_key("title", building_id)] = row.get("title") or ""
    state[_key("carriers", building_id)] = list(row.get("carriers") or [])
    state[_key("completed_on", building_id)] = _day(row.get("completed_on"))
    state[_key("investment", building_id)] = row.get("investment_eur")
    state[_key("funding", building_id)] = row.get("funding_eur")
    state[_key("status", building_id)] = MeasureStatus(row.get("status") or MeasureStatus.PLANNED)
    state[_key("note", building_id)] = row.get("note") or ""
    for carrier in Carrier:
        state[_expected_key(carrier.value, building_id)] = (row.get("expected_kwh") or {}).get(carrier.value)


def _choose(building_id: int) -> None:
    """The measure chosen for a change: its stored values into the form."""
    state = st.session_state
    state.pop(_key("confirm", building_id), None)
    choice = state[_key("choice", building_id)]
    _fill(building_id, None if choice == NEW else measure_changes.row(store_cursor(), int(choice)))


def _values(building_id: int) -> dict:
    state = st.session_state
    carriers = list(state[_key("carriers", building_id)])
    expected = {c: state.get(_expected_key(c, building_id)) for c in carriers}
    return {"building_id": int(building_id), "type": state[_key("type", building_id)],
            "title": (state[_key("title", building_id)] or "").strip(), "carriers": tuple(carriers),
            "completed_on": state[_key("completed_on", building_id)],
            "investment_eur": state[_key("investment", building_id)],
            "funding_eur": state[_key("funding", building_id)],
            "expected_kwh": {c: v for c, v in expected.items() if v is not None},
            "status": state[_key("status", building_id)], "note": state[_key("note", building_id)] or None}


def _value_text(field: str | None, value: str, lang: str) -> str:
    """The refused value as the reader writes it: amounts in German numbers, a day as 31.12.2024."""
    with contextlib.suppress(ValueError):
        if field in MONEY_FIELDS:
            amount = float(value)
            return format_number(amount, 0 if amount.is_integer() else 2, lang)
        if field == "completed_on":
            return format_date(date.fromisoformat(value), lang)
    return value


def refusal(error: Exception, lang: str) -> str:
    """A refused change in words: which field, which value, what to do; nothing was changed."""
    if isinstance(error, NotAllowed):
        return texts.t("measures_refused_plain", lang, reason=error.message(lang))
    column = texts.field_name(error.field, lang) if error.field else ""
    reason = texts.rejection(error.code, lang, value=escape(_value_text(error.field, error.value, lang)),
                             column=column, detail=error.allowed)
    if not error.field:
        return texts.t("measures_refused_plain", lang, reason=reason)
    return texts.t("measures_refused", lang, field=column, reason=reason)


def _save(building_id: int, lang: str) -> None:
    """The form's button: add the new measure or change the chosen one; a refusal changes nothing."""
    state = st.session_state
    choice = state[_key("choice", building_id)]
    values = _values(building_id)
    try:
        if not values["carriers"]:  # the library would call the empty choice an unknown carrier
            raise measure_changes.MeasureError("missing_value", "", "carrier")
        measure = measure_changes.check(**values)
        if choice == NEW:
            number = measure_changes.add_measure(store_cursor(), current_user(), measure)
            _fill(building_id, None)
            message = texts.t("measures_added", lang, number=number, title=escape(measure.title))
        else:
            measure_changes.update_measure(store_cursor(), current_user(), int(choice), measure)
            message = texts.t("measures_changed", lang, number=choice, title=escape(measure.title))
    except (measure_changes.MeasureError, NotAllowed) as error:
        state[_key("error", building_id)] = refusal(error, lang)
        return
    state[_key("message", building_id)] = message


def _delete(building_id: int, lang: str) -> None:
    state = st.session_state
    choice = state[_key("choice", building_id)]
    state.pop(_key("confirm", building_id), None)
    try:
        old = measure_changes.delete_measure(store_cursor(), current_user(), int(choice))
    except (measure_changes.MeasureError, NotAllowed) as error:
        state[_key("error", building_id)] = refusal(error, lang)
        return
    state[_key("choice", building_id)] = NEW
    _fill(building_id, None)
    state[_key("message", building_id)] = texts.t("measures_deleted", lang, number=choice,
                                                  title=escape(old["title"]))


# --- the section --------------------------------------------------------------------------------------------------

def section(building_id: int, building: str, municipality_key: str, frame: pd.DataFrame, lang: str,
            analytics: AnalyticsSettings) -> None:
    """The section "Maßnahmen": table, history, form (for who may change them), baseline against actual."""
    st.subheader(texts.t("measures_title", lang))
    st.caption(texts.t("measures_caption", lang))
    if frame.empty:
        st.info(texts.t("measures_none", lang))
    else:
        _table(building_id, lang)
        _histories(frame, lang)
    if can(current_user(), Action.EDIT_MASTERDATA, municipality_key):
        _form(building_id, frame, lang)
    else:
        st.caption(texts.t("measures_login_needed", lang))
    _verified(building_id, building, lang, analytics)


def _expected_text(expected: dict, lang: str) -> str:
    return "; ".join(f"{carrier}: {format_number(kwh, 0, lang)}" for carrier, kwh in sorted(expected.items())) or "–"


def _table(building_id: int, lang: str) -> None:
    """The measures as :func:`ktdash.output.measures.measures_table` lists them (as ``ktdash measures list``),
    without the building; amounts in the reader's number format."""
    table = measures_table(store_cursor(), building_id=int(building_id), lang=lang).drop(
        columns=[texts.t("measures_col_building", lang)])
    amounts = [texts.t(k, lang) for k in ("measures_col_investment", "measures_col_funding", "measures_col_expected")]
    for column in amounts:
        table[column] = [_number(v, 0, lang) for v in table[column]]
    table[texts.t("measures_col_id", lang)] = table[texts.t("measures_col_id", lang)].astype(str)
    for column in (texts.t("measures_col_title", lang), texts.t("measures_col_note", lang)):
        table[column] = table[column].map(lambda x: "" if x is None or pd.isna(x) else display_text(x))
    right = [texts.t("measures_col_id", lang), *amounts]
    show_table(table, lang, column_config={c: st.column_config.TextColumn(c, alignment="right") for c in right})


def _histories(frame: pd.DataFrame, lang: str) -> None:
    """Each measure's replaced versions (changes, deletion, re-import), newest first, in an expander."""
    con, with_user = store_cursor(), current_user() is not None
    for measure_id, title in zip(frame["measure_id"], frame["title"], strict=True):
        history = measure_queries.history(con, int(measure_id))
        label = texts.t("measures_history", lang, number=int(measure_id), title=escape(title),
                        count=len(history))
        with st.expander(label, icon=":material/history:"):
            if history.empty:
                st.caption(texts.t("measures_history_none", lang))
                continue
            rows = {"measures_col_replaced": [format_datetime(pd.Timestamp(t).to_pydatetime(), lang)
                                              for t in history["replaced_at"]],
                    "measures_col_reason": [texts.t(REASONS.get(r, "measures_reason_update"), lang)
                                            for r in history["reason"]]}
            if with_user:
                rows["measures_col_by"] = history["replaced_by"].fillna("").map(display_text).tolist()
            rows |= {"measures_col_type": [texts.t(TYPE_LABELS[MeasureType(t)], lang) for t in history["type"]],
                     "measures_col_title": history["title"].map(display_text).tolist(),
                     "measures_col_completed": [format_date(_day(d), lang) for d in history["completed_on"]],
                     "measures_col_status": [texts.t(STATUS_LABELS[MeasureStatus(s)], lang)
                                             for s in history["status"]],
                     "measures_col_investment": [_number(v, 0, lang) for v in history["investment_eur"]],
                     "measures_col_funding": [_number(v, 0, lang) for v in history["funding_eur"]],
                     "measures_col_expected": [_expected_text(dict(e or {}), lang)
                                               for e in history["expected_kwh"]]}
            show_table(pd.DataFrame({texts.t(k, lang): v for k, v in rows.items()}), lang)


def _form(building_id: int, frame: pd.DataFrame, lang: str) -> None:
    state = st.session_state
    choice_key = _key("choice", building_id)
    titles = dict(zip(frame["measure_id"].astype(int), frame["title"], strict=True))
    if state.get(choice_key) not in [NEW, *titles]:
        state[choice_key] = NEW
        _fill(building_id, None)
    with st.expander(texts.t("measures_form_title", lang), icon=":material/edit_note:",
                     expanded=state[choice_key] != NEW or _key("error", building_id) in state):
        st.selectbox(texts.t("measures_choice", lang), [NEW, *titles], key=choice_key, on_change=_choose,
                     args=(building_id,),
                     format_func=lambda n: texts.t("measures_choice_new", lang) if n == NEW else
                     texts.t("measures_choice_existing", lang, number=n, title=display_text(titles[n])))
        st.multiselect(texts.t("measures_carriers", lang), [c.value for c in Carrier],
                       key=_key("carriers", building_id), help=texts.t("measures_carriers_help", lang),
                       placeholder=texts.t("measures_carriers_placeholder", lang))
        _form_fields(building_id, lang)
        if state[choice_key] != NEW:
            _delete_buttons(building_id, titles, lang)
    if _key("error", building_id) in state:
        st.error(state.pop(_key("error", building_id)))
    if _key("message", building_id) in state:
        st.success(state.pop(_key("message", building_id)))


def _form_fields(building_id: int, lang: str) -> None:
    state = st.session_state
    with st.form(f"measure_form_{building_id}", border=False):
        left, right = st.columns(2)
        left.selectbox(texts.t("measures_type", lang), list(MeasureType), key=_key("type", building_id),
                       format_func=lambda t: texts.t(TYPE_LABELS[t], lang))
        right.text_input(texts.t("measures_title_input", lang), key=_key("title", building_id), max_chars=200)
        left.selectbox(texts.t("measures_status", lang), list(MeasureStatus), key=_key("status", building_id),
                       format_func=lambda s: texts.t(STATUS_LABELS[s], lang))
        right.date_input(texts.t("measures_completed_on", lang), value=None, key=_key("completed_on", building_id),
                         min_value=date(1990, 1, 1), max_value=date.today(),
                         format=date_pattern("date_widget", lang),
                         help=texts.t("measures_completed_on_help", lang))
        left.number_input(texts.t("measures_investment", lang), value=None, min_value=0.0, step=1000.0,
                          format="%.0f", key=_key("investment", building_id))
        right.number_input(texts.t("measures_funding", lang), value=None, min_value=0.0, step=1000.0,
                           format="%.0f", key=_key("funding", building_id))
        carriers = state[_key("carriers", building_id)]
        for i, carrier in enumerate(carriers):
            (left if i % 2 == 0 else right).number_input(
                texts.t("measures_expected", lang, carrier=carrier), value=None, min_value=0.0, step=100.0,
                format="%.0f", key=_expected_key(carrier, building_id))
        if not carriers:
            st.caption(texts.t("measures_expected_none", lang))
        st.text_area(texts.t("measures_note", lang), key=_key("note", building_id), height=68)
        st.form_submit_button(texts.t("measures_save", lang), on_click=_save, args=(building_id, lang),
                              type="primary")


def _delete_buttons(building_id: int, titles: dict, lang: str) -> None:
    state = st.session_state
    choice = state[_key("choice", building_id)]
    confirm = _key("confirm", building_id)
    if not state.get(confirm):
        st.button(texts.t("measures_delete", lang), key=_key("delete", building_id), icon=":material/delete:",
                  on_click=lambda: state.__setitem__(confirm, True))
        return
    st.warning(texts.t("measures_delete_confirm", lang, number=choice, title=escape(titles[choice])))
    yes, no, _ = st.columns([1, 1, 3])
    yes.button(texts.t("measures_delete_yes", lang), key=_key("delete_yes", building_id), type="primary",
               on_click=_delete, args=(building_id, lang))
    no.button(texts.t("measures_delete_no", lang), key=_key("delete_no", building_id),
              on_click=lambda: state.pop(confirm, None))


# --- verified savings ---------------------------------------------------------------------------------------------

def _verified(building_id: int, building: str, lang: str, analytics: AnalyticsSettings) -> None:
    """Per verdict (:func:`ktdash.analytics.verified.verifications`: a carrier, one measure or a group): the chart
    of baseline against actual and the verified savings, or why there is no verdict."""
    con = store_cursor()
    found = verified.verifications(con, building_id=int(building_id), analytics=analytics)
    if not found:
        return
    st.markdown("#### " + texts.t("measures_verified_title", lang))
    st.caption(texts.t("measures_method", lang))
    for number, verdict in enumerate(found):
        verification = verdict.verification
        unit = "m³" if verdict.carrier == Carrier.WASSER.value else "kWh"
        names = ", ".join(quote(t, lang) for t in verdict.titles)
        key = "measures_chart_group" if verification.grouped else "measures_chart_title"
        title = texts.t(key, lang, carrier=verdict.carrier, measures=names)
        if verification.model is not None:
            figure = charts.measure_baseline(verification, savings.monthly_series(con, int(building_id),
                                                                                  verdict.carrier), title, unit, lang)
            chart(figure, ("Gebaeude", building, "Massnahme", verdict.carrier, *verdict.measure_ids),
                  f"measure_chart_{building_id}_{number}", lang)
        else:
            st.markdown(f"**{escape(title)}**")
        st.caption(escape(_verdict_text(verdict, unit, lang)))


def _verdict_text(verdict, unit: str, lang: str) -> str:
    """The verified savings with ± (kWh, €, t CO₂e, % of expected) and the model, or why there is no verdict."""
    v = verdict.verification
    parts = [verdict_label(v, lang) + "."]
    if v.model is not None:
        model = v.model
        parts.append(texts.t("measures_model", lang, a=format_number(model.a_kwh_per_day, 1, lang),
                             b=format_number(model.b_kwh_per_kd, 2, lang), unit=unit, n=model.n,
                             r2="–" if model.r2 is None else format_number(model.r2, 2, lang),
                             cvrmse="–" if model.cvrmse is None else format_number(100 * model.cvrmse, 1, lang),
                             first=format_month(v.baseline_first, lang), last=format_month(v.baseline_last, lang)))
    if v.refused:
        reasons = "; ".join(finding_text(f, lang) for f in v.findings if f.blocking)
        return " ".join(parts + [texts.t("measures_refused_verdict", lang, reasons=reasons)])
    figures = [texts.t("measures_savings", lang, kwh=format_number(v.savings_kwh, 0, lang),
                       uncertainty=format_number(v.uncertainty_kwh, 0, lang), unit=unit,
                       months=v.reporting_months_used, first=format_month(v.reporting_first, lang),
                       last=format_month(v.reporting_last, lang))]
    valued = verdict.valued
    if valued is not None and valued.eur_uncertainty is not None:  # no price: eur is NaN
        figures.append(texts.t("measures_savings_eur", lang, eur=format_number(valued.eur, 0, lang),
                               uncertainty=format_number(valued.eur_uncertainty, 0, lang)))
    if valued is not None and valued.t_co2e_uncertainty is not None:  # no factor (water): NaN
        figures.append(texts.t("measures_savings_co2", lang, t=format_number(valued.t_co2e, 1, lang),
                               uncertainty=format_number(valued.t_co2e_uncertainty, 1, lang)))
    if v.percent_of_expected is not None:  # the ± of the kWh in % of the same expected savings
        figures.append(texts.t("measures_savings_percent", lang, percent=format_number(v.percent_of_expected, 0, lang),
                               uncertainty=format_number(100 * v.uncertainty_kwh / v.expected_kwh, 0, lang),
                               expected=format_number(v.expected_kwh, 0, lang), unit=unit))
    warnings = [finding_text(f, lang) for f in v.findings if not f.blocking]
    text = " ".join(parts + ["; ".join(figures) + "."])
    return text + (" " + texts.t("measures_notes", lang, notes="; ".join(warnings)) if warnings else "")
