"""Import: upload → (mapping) → preview with rejected rows → confirm."""

import pandas as pd
import streamlit as st

from ktdash.store import queries
from ktdash.i18n import texts
from ktdash.access.accounts import require_undo
from ktdash.access.permissions import Action, NotAllowed, may_manage_network, require
from ktdash.ingest.layouts.campaigns import CAMPAIGN_LAYOUTS
from ktdash.output.history import layout_label
from ktdash.core.domain import Layout
from ktdash.core.formatting import date_pattern, display_text, format_date, format_number, markdown_escape
from ktdash.ingest.pipeline import (
    ImportFileError,
    MappingProfile,
    ProfileError,
    delete_profile,
    list_profiles,
    load_profile,
    import_record,
    mapping_fields,
    save_profile,
    share_profile,
    undo_import,
)
from ktdash.ingest.columns import header_field
from ktdash.ingest.commit import UndoBlocked
from ktdash.ingest.profiles import profile_error_text
from ktdash.ingest.session import SessionSlot, StalePreview
from pages.common import (can, current_user, file_uploader, fitted, page_start, settings, show_rejected, show_table,
                          store_connection, store_cursor)
from pages.degree_day_import import degree_day_import, is_degree_day_layout

page_start()
lang = st.session_state.get("lang", "de")
con = store_cursor()

st.title(texts.t("import_title", lang))
st.write(texts.t("import_intro", lang))

user = current_user()
municipalities = queries.municipalities(con)
labels = {row.key: row.name if row.district in row.name else f"{row.name} ({row.district})"
          for row in municipalities.itertuples() if can(user, Action.IMPORT, row.key)}  # only the user's own


def import_history() -> None:
    """The latest imports, and undo of those the user may undo (a manager: imports of their municipalities)."""
    history = queries.recent_imports(con)
    if history.empty:
        return
    st.subheader(texts.t("import_history", lang))
    undoable = history[(history["status"] == "committed")
                       & history["municipality_key"].map(lambda key: can(user, Action.UNDO, key))]
    shown = history.drop(columns="municipality_key")  # degree days (no municipality): "all municipalities"
    shown.loc[shown["layout"] == Layout.NETWORK_PEOPLE.value, "municipality"] = texts.t("netimport_where", lang)
    shown["municipality"] = shown["municipality"].fillna(texts.t("imports_no_municipality", lang))
    shown["status"] = [texts.t("status_" + status, lang) for status in shown["status"]]
    shown["layout"] = [layout_label(code, lang) for code in shown["layout"]]  # "Verbräuche je Zeitraum", not periods
    shown.columns = [texts.t("history_" + c, lang) for c in shown.columns]
    show_table(shown, lang, plain=(texts.t("history_import_id", lang),), column_config={
        texts.t("history_created_at", lang): st.column_config.DatetimeColumn(
            format=date_pattern("datetime_widget", lang))})
    if user is None or not labels:
        return
    with st.expander(texts.t("undo_title", lang)):
        st.caption(texts.t("undo_help", lang))
        if undoable.empty:
            st.write(texts.t("import_undo_none_allowed", lang))
            return
        files = undoable.set_index("import_id")["file_name"]
        choice = st.selectbox(texts.t("history_import_id", lang), files.index.tolist(),
                              format_func=lambda i: display_text(f"{i}: {files[i]}"), key="undo_choice")
        if st.button(texts.t("undo_button", lang), key="undo_button"):
            try:
                require_undo(con, user, int(choice))  # checked again at the click: rights may have changed
                removed = undo_import(con, int(choice), user=user.name)
            except NotAllowed as exc:
                st.error(markdown_escape(exc.message(lang)))
            except UndoBlocked as exc:
                st.error(texts.t("undo_blocked", lang, number=choice,
                                 blocking=", ".join(str(i) for i in exc.blocking)))
            else:
                st.cache_data.clear()
                st.session_state["import_message"] = texts.undo_message(choice, removed, lang)
                st.rerun()


if "import_message" in st.session_state:
    st.success(st.session_state.pop("import_message"))
if not labels:  # not logged in, or a read-only account
    st.info(texts.t("import_login_needed", lang), icon=":material/lock:")
    import_history()
    st.stop()

municipality_key = st.selectbox(texts.t("import_municipality", lang), list(labels),
                                format_func=lambda k: display_text(labels[k]),
                                key="import_municipality")
upload_key = f"import_upload_{st.session_state.setdefault('import_round', 0)}"
upload = file_uploader(texts.t("import_file", lang), lang, ["csv", "txt", "tsv", "xlsx"], upload_key,
                       int(settings().max_upload_mb))
# issue 16: one ImportSession per browser session (ktdash.ingest.session) holds the file's inspections and its
# prepared preview on a cursor of its own, across reruns: a widget or the confirm click reads nothing again
slot = st.session_state.setdefault("import_session", SessionSlot())
if upload is None:
    slot.close()  # the file removed: its working tables go
    import_history()
    st.stop()

data = upload.getvalue()
session = slot.open(store_connection(slot, SessionSlot.holds_tables), data, upload.name, settings(),
                    upload_id=getattr(upload, "file_id", None))
try:
    inspection = session.inspect()
except ImportFileError as exc:
    st.error(markdown_escape(exc.message(lang)))
    st.stop()

sheet = None
if inspection.sheets:
    sheet = st.selectbox(texts.t("import_sheet", lang), inspection.sheets, key="import_sheet",
                         index=inspection.sheets.index(inspection.sheet) if inspection.sheet in inspection.sheets
                         else 0)  # an empty first sheet: the first sheet with data
    inspection = session.inspect(sheet=sheet)

if is_degree_day_layout(inspection.layout):  # degree days per DWD station (issue 14): no municipality, no mapping
    degree_day_import(session, sheet, lang)
    import_history()
    st.stop()

# the network's people and posts (issue 18, ktdash.ingest.layouts.network): every municipality's, so an admin's
# (anyone else is refused here, before any preview, and nothing is stored); no mapping profile applies to them
network_file = inspection.layout == Layout.NETWORK_PEOPLE.value
if network_file:
    st.info(texts.t("netimport_page_intro", lang), icon=":material/groups:")
    if not may_manage_network(user):
        st.error(markdown_escape(ImportFileError("netimport_admin_only", upload.name, value=user.name).message(lang)))
        import_history()
        st.stop()

WIDE_FORM_COLUMNS = 40  # a file with more named columns gets the short form: only the columns that matter
SEARCH_SHOWN = 20  # columns of a search shown at most
SAMPLE_COLUMNS = 30  # a wide file's preview: its first columns (and the mapped ones)

stored_profiles = {p.name: p for p in list_profiles(con, municipality_key)}  # own first, then shared (issue 15)
none_label = texts.t("import_profile_none", lang)


def profile_label(name: str) -> str:
    stored = stored_profiles.get(name)
    if stored is None:
        return name
    if stored.municipality_key is None:
        return texts.t("import_profile_agency_label", lang, name=name)
    if stored.municipality_key != municipality_key:
        return texts.t("import_profile_shared", lang, name=name, owner=stored.municipality)
    return texts.t("import_profile_own", lang, name=name)


profile = None  # the network's file: no profile, no mapping form
if not network_file:  # a municipality's file: a mapping profile and the mapping form
    profile_name = st.selectbox(texts.t("import_profile", lang), [none_label] + list(stored_profiles),
                                key="import_profile",
                                format_func=lambda n: n if n == none_label else display_text(profile_label(n)))
    try:
        profile = load_profile(con, profile_name, municipality_key) if profile_name != none_label else None
    except ImportFileError as exc:  # deleted or unshared meanwhile, or no longer valid
        st.error(markdown_escape(exc.message(lang)))
        profile = None


def shown_columns(named: list[tuple[int, int, str]], presets: dict[str, str]) -> list[tuple[int, int, str]]:
    """The columns the mapping form shows: all of an ordinary file; of a very wide one (issue 15: one widget per
    column of 10,000 columns took minutes) those recognised or mapped and those a search finds."""
    if len(named) <= WIDE_FORM_COLUMNS:
        return named
    query = st.text_input(texts.t("import_mapping_search", lang), key="import_mapping_search").strip()
    found = [c for c in named if query and query.casefold() in c[2].casefold()]
    kept = [c for c in named if presets.get(c[2]) or st.session_state.get(f"map_{c[0]}_{c[2]}", not_used) != not_used]
    shown = sorted(set(kept) | set(found[:SEARCH_SHOWN]))
    st.caption(texts.t("import_mapping_wide", lang, n=format_number(len(named), 0, lang), shown=len(kept),
                       hidden=format_number(len(named) - len(kept), 0, lang)))
    if query and not found:
        st.caption(texts.t("import_mapping_search_none", lang, query=markdown_escape(query, 80)))
    elif len(found) > SEARCH_SHOWN:
        st.caption(texts.t("import_mapping_search_more", lang, n=format_number(len(found), 0, lang),
                           query=markdown_escape(query, 80),
                           limit=SEARCH_SHOWN))
    return shown


if not network_file:
    with st.expander(texts.t("import_mapping", lang), expanded=inspection.header_index is None):
        st.caption(texts.t("import_mapping_help", lang))
        header_line = st.number_input(texts.t("import_header_line", lang), min_value=1,
                                      max_value=max(1, len(inspection.sample)),
                                      value=(inspection.header_index or 0) + 1, key="import_header_line")
        if header_line - 1 != inspection.header_index:
            inspection = session.inspect(sheet=sheet, header_index=int(header_line) - 1)
        not_used = texts.t("import_mapping_none", lang)
        options = [not_used] + mapping_fields(inspection.layout)
        named = [(index, position, header) for index, (position, header) in
                 enumerate((p, h) for p, h in enumerate(inspection.headers) if h)]  # index: the widget keys' number
        by_header = {h: f for f, h in profile.columns.items()} if profile and profile.columns else {}
        presets = {h: by_header.get(h) or inspection.fields.get(h) for _, _, h in named
                   if by_header.get(h) or inspection.fields.get(h)}
        if len(named) > WIDE_FORM_COLUMNS and not inspection.fields:  # a wide file of no known layout: the columns
            presets |= {h: f for _, _, h in named if h not in presets  # whose names say what they are
                        and (f := header_field(h)[0]) in options}
        shown = shown_columns(named, presets)  # an ordinary file: all (and nothing drawn here)
        width = max((len(row) for row in inspection.sample[:12]), default=0)
        positions = list(range(width))
        if len(named) > WIDE_FORM_COLUMNS:  # a wide file: its first columns and the mapped ones
            positions = sorted(set(range(min(width, SAMPLE_COLUMNS))) | {position for _, position, _ in shown})
            st.caption(texts.t("import_sample_wide", lang, n=min(width, SAMPLE_COLUMNS),
                               total=format_number(width, 0, lang)))
        sample = pd.DataFrame([[row[p] if p < len(row) else "" for p in positions] for row in inspection.sample[:12]],
                              columns=[str(p) for p in positions],
                              index=range(1, min(12, len(inspection.sample)) + 1))
        st.dataframe(sample, width="stretch", **fitted(sample, lang))
        mapping = {}
        grid = st.columns(4)
        for place, (index, _, header) in enumerate(shown):
            preset = presets.get(header)
            choice = grid[place % 4].selectbox(markdown_escape(header), options,  # a label is Markdown
                                               index=options.index(preset) if preset in options else 0,
                                               format_func=lambda f: f if f == not_used else texts.field_name(f, lang),
                                               key=f"map_{index}_{header}")
            if choice != not_used:
                mapping[choice] = header
        layout_options = [""] + [layout.value for layout in Layout
                                 if layout != Layout.NETWORK_PEOPLE]  # the network's file: no profile
        layout = st.selectbox(texts.t("import_layout", lang), layout_options,
                              format_func=lambda v: none_label if not v else texts.t("layout_" + v, lang),
                              key="import_layout_choice")
        name = st.text_input(texts.t("import_profile_name", lang), value=profile.name if profile else "",
                             key="import_profile_new_name")
        for_agency = can(user, Action.MANAGE_USERS) and st.checkbox(texts.t("import_profile_for_agency", lang),
                                                                    key="import_profile_for_agency")
        custom = mapping != inspection.fields_by_field() or bool(layout)
        if st.button(texts.t("import_profile_save", lang), disabled=not name.strip()):
            try:
                new_profile = MappingProfile(name=name.strip(), columns=mapping, layout=layout or None, sheet=sheet)
            except ValueError as exc:
                st.error(markdown_escape(profile_error_text(exc, lang)))
            else:
                try:  # the rights of the current session (a manager: its municipalities; the agency's: admins)
                    shared_before = stored_profiles.get(new_profile.name)
                    save_profile(con, new_profile, None if for_agency else municipality_key, user=current_user())
                except (NotAllowed, ProfileError) as exc:
                    st.error(markdown_escape(exc.message(lang)))
                    st.stop()
                st.success(texts.t("import_profile_saved", lang, name=markdown_escape(new_profile.name)))
                if not for_agency and shared_before is not None and shared_before.municipality_key != municipality_key:
                    st.info(texts.t("import_profile_saved_shadows", lang, name=markdown_escape(new_profile.name),
                                    municipality=markdown_escape(labels[municipality_key])))
        if custom and profile is None:
            try:
                profile = MappingProfile(name="(Formular)", columns=mapping, layout=layout or None, sheet=sheet)
            except ValueError as exc:
                st.error(markdown_escape(profile_error_text(exc, lang)))
                st.stop()

    chosen = stored_profiles.get(profile_name)
    if chosen is not None and (chosen.municipality_key == municipality_key or can(user, Action.MANAGE_USERS)):
        with st.expander(texts.t("import_profile_manage", lang, name=markdown_escape(chosen.name))):  # own, or admin
            owner = chosen.municipality_key
            try:
                if owner is not None and can(user, Action.MANAGE_USERS) and st.button(
                        texts.t("import_profile_unshare" if chosen.shared else "import_profile_share", lang),
                        key="import_profile_share"):
                    share_profile(con, chosen.name, owner, not chosen.shared, user=current_user())
                    st.session_state["import_message"] = texts.t(
                        "import_profile_unshared_done" if chosen.shared else "import_profile_shared_done", lang,
                        name=markdown_escape(chosen.name), municipality=markdown_escape(chosen.municipality))
                    st.rerun()
                if st.button(texts.t("import_profile_delete", lang, name=markdown_escape(chosen.name)),
                             key="import_profile_delete"):
                    delete_profile(con, chosen.name, owner, user=current_user())
                    st.session_state["import_message"] = texts.t("import_profile_deleted", lang,
                                                                 name=markdown_escape(chosen.name))
                    del st.session_state["import_profile"]
                    st.rerun()
            except (NotAllowed, ProfileError) as exc:
                st.error(markdown_escape(exc.message(lang)))

seen = st.session_state.get("import_seen")  # the preparation on the page the user clicked on (None: none yet)
try:
    with st.status(texts.t("import_checking", lang)) as status:
        prepared = session.prepare(municipality_key, profile=profile, sheet=sheet)  # once per key and data version
        st.session_state["import_seen"] = session.generation
        status.update(label=texts.t("import_checked", lang), state="complete")
except ImportFileError as exc:
    st.error(markdown_escape(exc.message(lang)))
    st.stop()

preview = prepared.preview
st.subheader(texts.t("import_preview", lang))
if st.session_state.pop("import_stale", False):
    st.warning(texts.t("import_preview_stale", lang), icon=":material/refresh:")
st.write(f"**{texts.t('import_layout', lang)}:** {texts.t('layout_' + preview.layout, lang)} · "
         f"{preview.encoding} · „{preview.delimiter if preview.delimiter != chr(9) else 'Tab'}“")
cols = st.columns(4)
cols[0].metric(texts.t("import_rows", lang), format_number(preview.rows_read, 0, lang))
cols[1].metric(texts.t("import_valid", lang), format_number(preview.rows_valid, 0, lang))
cols[2].metric(texts.t("import_rejected", lang), format_number(preview.rows_rejected, 0, lang))
cols[3].metric(texts.t("import_records", lang), format_number(preview.records, 0, lang),
               delta=f"{preview.records_replaced} {texts.t('import_replaced', lang)}" if preview.records_replaced
               else None, delta_color="off")
notes = texts.notes(preview.notes, lang)
if preview.totals_rows_skipped:
    notes.append(texts.t("totals_rows_skipped", lang, n=preview.totals_rows_skipped))
if preview.duplicates_ignored:
    notes.append(texts.t("duplicates_ignored", lang, n=preview.duplicates_ignored))
if notes:
    st.caption(" · ".join(markdown_escape(n) for n in notes))
if preview.period_start:
    st.write(f"**{texts.t('import_period', lang)}:** {format_date(preview.period_start, lang)} – "
             f"{format_date(preview.period_end, lang)}")
# campaign data and measures: key figures of the rows to be stored instead of buildings and meters
key_figure_file = preview.layout in {layout.value for layout in CAMPAIGN_LAYOUTS} | {
    Layout.MEASURES.value, Layout.NETWORK_PEOPLE.value}  # the network's: people, posts (vacant), competences
if key_figure_file:
    decimals = {"kwp": 1, "cost_eur": 2}
    cards = st.columns(max(1, min(len(preview.summary), 6)))
    for index, (key, amount) in enumerate(preview.summary.items()):
        cards[index % len(cards)].metric(texts.t("summary_" + key, lang),
                                         format_number(amount or 0, decimals.get(key, 0), lang))
else:
    if preview.totals:
        st.write(f"**{texts.t('import_totals', lang)}**")
        show_table(pd.DataFrame([{texts.t("col_carrier", lang): t.carrier,
                                  texts.t("col_value", lang): format_number(t.value, 1, lang),
                                  texts.t("col_unit", lang): t.unit, texts.t("import_records", lang): t.rows}
                                 for t in preview.totals]), lang, width="content")
    left, right = st.columns(2)
    with left:
        st.write(f"**{texts.t('import_buildings', lang)}** ({len(preview.buildings)})")
        show_table(pd.DataFrame({texts.t("col_building", lang): preview.buildings,
                                 texts.t("import_new", lang): [b in preview.new_buildings for b in preview.buildings]}),
                   lang, height=min(400, 40 + 35 * len(preview.buildings)))
    with right:
        if preview.meters:
            st.write(f"**{texts.t('import_meters', lang)}** ({len(preview.meters)})")
            show_table(pd.DataFrame({texts.t("import_meters", lang): preview.meters}), lang)
    if preview.new_buildings:
        st.info(f"{texts.t('import_new_buildings', lang)}: "
                + ", ".join(markdown_escape(b) for b in preview.new_buildings))

show_rejected(preview, upload.name, lang)



def offer_replace(number: int) -> None:
    """The file overlaps the values of one import the user may undo: replace that import by the file, as one
    step (ktdash.ingest.pipeline.replace_import; on failure nothing changes)."""
    stored = import_record(con, number)
    try:
        require_undo(con, user, number)
    except (NotAllowed, ValueError):
        return
    if stored is None or stored.status != "committed" or not st.checkbox(
            texts.t("replace_import_choice", lang, number=number, date=format_date(stored.created_at.date(), lang),
                    file=markdown_escape(stored.file_name)), key="import_replace"):
        return
    st.caption(texts.t("replace_import_help", lang, number=number))
    if not st.button(texts.t("replace_import_confirm", lang, number=number), type="primary",
                     key="import_replace_confirm", disabled=not confirmed):
        st.stop()
    try:  # checked again at the click: the session may have ended or the rights changed
        require(current_user(), Action.IMPORT, municipality_key,
                municipality_name=markdown_escape(labels[municipality_key]))
        require_undo(con, current_user(), number)
        with st.status(texts.t("import_storing", lang)) as status:
            replaced, result, removed = session.replace(number, user.name, confirm_municipality=confirmed,
                                                        generation=seen)
            status.update(label=texts.t("import_stored", lang), state="complete")
    except StalePreview:  # the store changed since the preview: checked anew in the next run
        st.session_state["import_stale"] = True
        st.rerun()
    except NotAllowed as exc:
        st.error(markdown_escape(exc.message(lang)))
        st.stop()
    except UndoBlocked as exc:
        st.error(texts.t("undo_blocked", lang, number=number, blocking=", ".join(map(str, exc.blocking))))
        st.stop()
    except ImportFileError as exc:
        st.error(markdown_escape(exc.message(lang)))
        st.stop()
    except ValueError:
        st.error(texts.t("undo_impossible", lang, number=number))
        st.stop()
    if result is None:
        st.error(texts.t("replace_import_not_stored", lang, number=number, file=markdown_escape(upload.name)))
        show_table(replaced.rejected_frame(lang), lang)
        st.stop()
    st.cache_data.clear()
    st.session_state["import_message"] = texts.undo_message(number, removed, lang) + " " + texts.t(
        "import_done", lang, records=result.records_stored, file=markdown_escape(upload.name),
        replaced=result.records_replaced,
        changed=result.records_changed)
    st.session_state["import_round"] += 1
    st.rerun()


confirmed = True  # issue 13: a file that seems to belong to another municipality is stored only when confirmed
if preview.municipality_evidence:
    claimed = markdown_escape(preview.municipality)
    st.warning("\n".join([texts.t("import_municipality_warning", lang, municipality=claimed), ""]
                         + [f"- {markdown_escape(message)}" for message in preview.evidence_messages(lang)]
                         + ["", texts.t("import_municipality_warning_end", lang, municipality=claimed)]),
               icon=":material/warning:")
    confirmed = st.checkbox(texts.t("import_confirm_municipality", lang, municipality=claimed),
                            key=f"import_confirm_municipality_{municipality_key}_{preview.sha256[:16]}")

if len(preview.overlapping_imports) == 1:
    offer_replace(preview.overlapping_imports[0])

if preview.records == 0:
    if network_file and not preview.rows_rejected and any(n.code == "netimport_note_existing" for n in preview.notes):
        st.info(texts.t("netimport_page_unchanged", lang))  # imported again: everything stored already
    else:
        st.warning(texts.t("import_nothing", lang))
    st.stop()

label = texts.t("import_confirm", lang) if not preview.rows_rejected else \
    texts.t("import_confirm_partial", lang, valid=preview.rows_valid)
if st.button(label, type="primary", key="import_confirm", disabled=not confirmed):
    try:  # checked again at the click: the session may have ended or the rights changed
        if not network_file:  # the network's file: its commit checks the account's rights in the store (admin)
            require(current_user(), Action.IMPORT, municipality_key,
                    municipality_name=markdown_escape(labels[municipality_key]))
    except NotAllowed as exc:
        st.error(markdown_escape(exc.message(lang)))
        st.stop()
    try:
        with st.status(texts.t("import_storing", lang)) as status:
            # the preview shown, not prepared again; refused if the page showed another (the store changed)
            result = session.commit(user.name, confirm_municipality=confirmed, generation=seen)
            status.update(label=texts.t("import_stored", lang), state="complete")
    except StalePreview:  # the store changed since the preview: checked anew in the next run, stored nothing
        st.session_state["import_stale"] = True
        st.rerun()
    except ImportFileError as exc:  # refused when stored (the network's file: not an admin any more): nothing
        st.error(markdown_escape(exc.message(lang)))
        st.stop()
    st.cache_data.clear()
    st.session_state["import_message"] = texts.t("import_done", lang, records=result.records_stored,
                                                 file=markdown_escape(upload.name), replaced=result.records_replaced,
                                                 changed=result.records_changed)
    st.session_state["import_round"] += 1
    st.rerun()
