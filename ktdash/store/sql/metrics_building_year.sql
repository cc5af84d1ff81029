-- Per building and year: heat (raw, normalised for progress and for the benchmark), electricity, water,
-- specific values against the comparison values (benchmark-normalised heat), CO2e and the savings potential
-- (only for categories comparable with the Vergleichswerte unless $include_not_comparable).
WITH rows AS ({{ metrics_base }}),
per_building AS (
    SELECT district_key, district, municipality_key, municipality, building_id, building, category,
           any_value(area_m2) AS area_m2, year, any_value(comparable) AS comparable,
           any_value(station_id) AS station_id,
           any_value(hot_water_share) FILTER (WHERE use = 'heat') AS hot_water_share,
           any_value(hot_water_share_from) FILTER (WHERE use = 'heat') AS hot_water_share_from,
           max(hdd_months_substituted) FILTER (WHERE use = 'heat') AS hdd_months_substituted,
           max(hdd_months_missing) FILTER (WHERE use = 'heat') AS hdd_months_missing,
           sum(kwh_raw) FILTER (WHERE use = 'heat') AS heat_kwh_raw,
           sum(kwh_normalised) FILTER (WHERE use = 'heat') AS heat_kwh_normalised,
           sum(kwh_benchmark) FILTER (WHERE use = 'heat') AS heat_kwh_benchmark,
           bool_and(weather_normalised) FILTER (WHERE use = 'heat') AS heat_weather_normalised,
           sum(kwh_raw) FILTER (WHERE use = 'electricity') AS electricity_kwh,
           sum(kwh_raw) FILTER (WHERE use = 'water') AS water_m3,
           sum(t_co2e) AS t_co2e,
           sum(t_co2e) FILTER (WHERE use = 'heat') AS heat_t_co2e,
           sum(t_co2e) FILTER (WHERE use = 'electricity') AS electricity_t_co2e,
           sum(cost_eur) FILTER (WHERE use = 'heat') AS heat_cost_eur,
           sum(cost_eur) FILTER (WHERE use = 'electricity') AS electricity_cost_eur,
           sum(cost_eur) AS cost_eur, bool_and(cost_from_file) FILTER (WHERE use <> 'water') AS cost_from_file,
           coalesce(min(months) FILTER (WHERE use <> 'water'), 0) = 12 AS complete,
           -- a row per carrier in `rows` (the yearly rollup's key): no DISTINCT needed, which costs a second pass
           string_agg(carrier, ', ' ORDER BY carrier) FILTER (WHERE use = 'heat') AS heat_carriers
    FROM rows GROUP BY ALL
), specific AS (
    SELECT p.*,
           coalesce(p.heat_kwh_normalised, 0) + coalesce(p.electricity_kwh, 0) AS energy_kwh_normalised,
           coalesce(p.heat_kwh_raw, 0) + coalesce(p.electricity_kwh, 0) AS energy_kwh_raw,
           CASE WHEN p.area_m2 > 0 THEN p.heat_kwh_benchmark / p.area_m2 END AS heat_kwh_per_m2,
           CASE WHEN p.area_m2 > 0 THEN p.electricity_kwh / p.area_m2 END AS electricity_kwh_per_m2,
           c.heat_kwh_per_m2a AS heat_comparison_kwh_per_m2,
           c.electricity_kwh_per_m2a AS electricity_comparison_kwh_per_m2
    FROM per_building p LEFT JOIN building_comparison_values c USING (building_id)
)
SELECT *,
       CASE WHEN complete AND (comparable OR $include_not_comparable) AND heat_kwh_per_m2 IS NOT NULL
                 AND heat_comparison_kwh_per_m2 IS NOT NULL
            THEN greatest(heat_kwh_per_m2 - heat_comparison_kwh_per_m2, 0) * area_m2 END AS heat_potential_kwh,
       CASE WHEN complete AND (comparable OR $include_not_comparable) AND electricity_kwh_per_m2 IS NOT NULL
                 AND electricity_comparison_kwh_per_m2 IS NOT NULL
            THEN greatest(electricity_kwh_per_m2 - electricity_comparison_kwh_per_m2, 0) * area_m2
       END AS electricity_potential_kwh
FROM specific
