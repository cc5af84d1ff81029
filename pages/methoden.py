"""Methoden und Faktoren: how ktdash computes, with sources; the editable factors; degree days."""

import streamlit as st

from ktdash import charts, reference, texts
from ktdash.auth import Action, NotAllowed, require
from ktdash.ingest import ImportFileError
from pages.common import (can, chart, current_user, data_version, page_start, settings, show_table,
                          store_cursor, table_downloads)

page_start()
lang = st.session_state.get("lang", "de")
con = store_cursor()
version = data_version()
admin = can(current_user(), Action.EDIT_FACTORS)

st.title(texts.t("methods_page_title", lang))
st.caption(texts.t("methods_page_caption", lang))


LABELS = {"category": "ref_category", "heating_kwh_per_m2a": "ref_heating", "hot_water_kwh_per_m2a": "ref_hot_water",
          "electricity_kwh_per_m2a": "ref_electricity", "area_basis": "ref_area_basis",
          "source_table": "ref_source_table", "source_row": "ref_source_row", "source": "ref_source",
          "carrier": "ref_carrier", "year": "ref_year", "kg_co2e_per_kwh": "ref_factor", "basis": "ref_basis",
          "eur_per_kwh": "ref_price"}


def labels(frame) -> dict:
    """Column labels in the page's language; the data keeps its column names (they are saved back)."""
    config = {}
    for column in frame.columns:
        label = texts.t(LABELS[column], lang) if column in LABELS else column
        config[column] = (st.column_config.NumberColumn(label, format="%.3f") if column in ("kg_co2e_per_kwh", "eur_per_kwh")
                          else st.column_config.NumberColumn(label, format="%d") if column == "year"
                          else st.column_config.Column(label))
    return config


def editable_table(title: str, text: str, frame, save, key: str, file_stem: str) -> None:
    """A table the admin edits and saves as a whole (``save`` validates every row or changes nothing); for everyone
    else a table to read and download."""
    st.header(title)
    st.write(text)
    if not admin:
        show_table(frame, lang, decimals={"kg_co2e_per_kwh": 3, "eur_per_kwh": 3}, plain=("year",),
                   column_config=labels(frame))
        table_downloads(frame, (file_stem,), f"methods_{key}_table", lang)
        return
    edited = st.data_editor(frame, num_rows="dynamic", hide_index=True, width="stretch", key=f"{key}_{version}",
                            column_config=labels(frame))
    if st.button(texts.t("methods_save", lang), key=f"save_{key}"):
        try:
            require(current_user(), Action.EDIT_FACTORS)  # checked again at the click: the session may have ended
            rows = save(con, edited, by=current_user())
        except NotAllowed as exc:
            st.error(exc.message(lang))
        except reference.TableEditError as exc:
            st.error(texts.t("methods_edit_" + exc.code, lang, row=exc.row, column=exc.column, value=exc.value))
        else:
            st.cache_data.clear()
            st.success(texts.t("methods_saved", lang, rows=rows))


# --- weather normalisation ------------------------------------------------------------------------------
st.header(texts.t("methods_weather", lang))
st.latex(r"E_{norm} = E \cdot \left(s + (1 - s)\cdot \frac{G_{ref}}{G_{ist}}\right)")
share = settings().analytics.hot_water_share * 100
st.write(texts.t("methods_weather_text", lang, share=f"{share:.0f}"))
days = reference.degree_days(con)
if not days.empty:
    st.caption(texts.t("methods_degree_days", lang, source=", ".join(sorted(days["source"].unique()))))
    chart(charts.degree_days_chart(days, texts.t("methods_degree_days_chart", lang), lang), ("Gradtagzahlen",),
          "methods_degree_days", lang)
upload = st.file_uploader(texts.t("methods_degree_days_upload", lang), type=["csv", "txt"], key="degree_days_upload",
                          max_upload_size=int(settings().max_upload_mb)) if admin else None
if not admin:
    st.caption(texts.t("methods_admin_only", lang))
if upload is not None and st.session_state.get("degree_days_done") != upload.file_id:
    try:
        require(current_user(), Action.EDIT_FACTORS)
        months, normals = reference.load_degree_days(con, upload.getvalue(), upload.name, upload.name,
                                                     by=current_user())
    except NotAllowed as exc:
        st.error(exc.message(lang))
    except ImportFileError as exc:
        st.error(exc.message(lang))
    else:
        st.session_state["degree_days_done"] = upload.file_id
        st.cache_data.clear()
        st.success(texts.t("methods_degree_days_loaded", lang, months=months, normals=normals))

# --- comparison values ----------------------------------------------------------------------------------
st.header(texts.t("methods_comparison", lang))
st.write(texts.t("methods_comparison_text", lang))
comparison = reference.comparison_values(con)
show_table(comparison, lang, column_config=labels(comparison))
table_downloads(comparison, ("Vergleichswerte", "2021"), "methods_comparison_table", lang)

# --- emission factors and prices -------------------------------------------------------------------------
editable_table(texts.t("methods_emission", lang), texts.t("methods_emission_text", lang),
               reference.emission_factors(con), reference.save_emission_factors, "factors", "Emissionsfaktoren")
editable_table(texts.t("methods_prices", lang), texts.t("methods_prices_text", lang),
               reference.energy_prices(con), reference.save_energy_prices, "prices", "Energiepreise")

st.header(texts.t("methods_units_title", lang))
st.write(texts.t("methods_units", lang))
