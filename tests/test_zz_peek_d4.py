import sys
sys.path.insert(0, "tests")
import test_building_page as t
from test_building_page import store_template, building_ids, app_store  # noqa
def test_peek(app_store):
    path, ids = app_store
    at = t.building_page(building=ids["school"])
    for c in at.caption: print("CAPTION:", c.value)
    for e in at.expander: print("EXP:", e.label)
    print(t.measures_table_of(at).to_string())
    at = t.building_page(building=ids["school"], user="agentur")
    print([w.label for w in at.selectbox], [w.label for w in at.number_input], [b.label for b in at.button])
