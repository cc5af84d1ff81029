"""Charts: functions from data to Plotly figures, with German number formats, one module per audience.

- :mod:`~ktdash.output.charts.common`: the ``ktdash`` template (an exported figure looks like the page), colours,
  units, :func:`safe_figure` (every path out escapes data strings), helpers the others share;
- :mod:`~ktdash.output.charts.comparison`: districts and municipalities side by side, progress, the report's path;
- :mod:`~ktdash.output.charts.buildings`: one building (page Gebäude);
- :mod:`~ktdash.output.charts.campaigns`: campaigns and the annual plan;
- :mod:`~ktdash.output.charts.climate`: degree days of a station;
- :mod:`~ktdash.output.charts.periods`: year-to-date and rolling 12 months (Übersicht, Kommune);
- :mod:`~ktdash.output.charts.workshop`: the projector slides.

Every axis names its unit. Callers use the package (``from ktdash.output import charts; charts.ranking_bars(…)``):
everything public is re-exported here.
"""

from ktdash.output.charts.buildings import (
                                         COMPARISON_COLORS,
                                         HEAT_RAW_COLOR,
                                         MEASURE_COLOR,
                                         USE_COLORS,
                                         building_heat_normalisation,
                                         building_monthly_series,
                                         building_own_baseline,
                                         building_specific_consumption,
                                         building_year_over_year,
                                         measure_baseline,
)
from ktdash.output.charts.campaigns import (
                                         FORMAT_COLORS,
                                         FORMAT_SYMBOLS,
                                         TOPIC_COLORS,
                                         annual_plan_gantt,
                                         before_after_bars,
                                         campaign_reach_bars,
                                         campaign_timeline,
                                         format_label,
                                         format_split_bars,
                                         pv_additions_lines,
                                         topic_heatmap,
                                         topic_label,
)
from ktdash.output.charts.climate import degree_days_chart
from ktdash.output.charts.common import (
                                         BAD,
                                         CARRIER_COLORS,
                                         GOOD,
                                         NEUTRAL,
                                         SERIES_COLORS,
                                         SPECIFIC_UNIT,
                                         carriers_in_order,
                                         safe_figure,
                                         with_subtitle,
)
from ktdash.output.charts.comparison import (
                                         consumption_by_entity,
                                         consumption_by_year,
                                         energy_by_year,
                                         progress_bars,
                                         ranking_bars,
                                         report_progress_path,
                                         savings_by_area_bars,
)
from ktdash.output.charts.periods import rolling_12_line, year_to_date_bars
from ktdash.output.charts.workshop import (
                                         WORKSHOP_BAD,
                                         WORKSHOP_BAR,
                                         WORKSHOP_BAR_LIGHT,
                                         WORKSHOP_FAMILY,
                                         WORKSHOP_FONT,
                                         WORKSHOP_GOOD,
                                         WORKSHOP_MARK,
                                         WORKSHOP_SCALE,
                                         WORKSHOP_TITLE_FONT,
                                         WORKSHOP_VALUE_FONT,
                                         share_text,
                                         signed_text,
                                         workshop_bars,
                                         workshop_change_bars,
                                         workshop_comparison_bars,
                                         workshop_heatmap,
)

__all__ = ["CARRIER_COLORS", "SERIES_COLORS", "with_subtitle", "safe_figure", "GOOD", "BAD", "NEUTRAL",
           "SPECIFIC_UNIT", "carriers_in_order", "consumption_by_entity", "consumption_by_year", "ranking_bars",
           "progress_bars", "energy_by_year", "report_progress_path", "savings_by_area_bars", "USE_COLORS",
           "HEAT_RAW_COLOR",
           "COMPARISON_COLORS", "building_monthly_series", "building_year_over_year", "building_heat_normalisation",
           "building_specific_consumption", "building_own_baseline", "MEASURE_COLOR", "measure_baseline",
           "TOPIC_COLORS", "FORMAT_COLORS",
           "FORMAT_SYMBOLS", "topic_label", "format_label", "campaign_reach_bars", "format_split_bars",
           "topic_heatmap", "campaign_timeline", "pv_additions_lines", "before_after_bars", "annual_plan_gantt",
           "degree_days_chart", "WORKSHOP_FONT", "WORKSHOP_VALUE_FONT", "WORKSHOP_TITLE_FONT", "WORKSHOP_BAR",
           "WORKSHOP_BAR_LIGHT", "WORKSHOP_GOOD", "WORKSHOP_BAD", "WORKSHOP_MARK", "WORKSHOP_SCALE",
           "WORKSHOP_FAMILY", "signed_text", "share_text", "workshop_bars", "workshop_change_bars",
           "workshop_comparison_bars", "workshop_heatmap", "year_to_date_bars", "rolling_12_line"]
