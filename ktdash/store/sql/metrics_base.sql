-- One row per building, carrier and year (ktdash.analytics.metrics.building_carrier_years). Parameters:
-- $share (hot-water share where neither building nor category has one), $factor_set and the Selection's lists
-- ($years, $carriers, $categories, $districts, $municipalities, $buildings; empty: all). Emission factors: the
-- nearest earlier year, else the nearest later one; a district-heating building on a network with its own factor
-- uses that (BISKO set only).
WITH factor_years AS (
    SELECT e.carrier, y.year,
           arg_min(e.kg_co2e_per_kwh, CASE WHEN e.year <= y.year THEN y.year - e.year
                                           ELSE 1000 + e.year - y.year END) AS kg_co2e_per_kwh
    FROM emission_factors e CROSS JOIN (SELECT DISTINCT year FROM yearly_rollup) y
    WHERE e.factor_set = $factor_set
    GROUP BY e.carrier, y.year
), base AS (
    SELECT d.district_key, d.name AS district, mu.municipality_key, mu.name AS municipality,
           b.building_id, b.name AS building, b.category, b.floor_area_m2 AS area_m2,
           y.year, y.carrier,
           CASE WHEN y.carrier = 'Strom' THEN 'electricity' WHEN y.carrier = 'Wasser' THEN 'water'
                ELSE 'heat' END AS use,
           y.months, y.value AS kwh_raw, y.unit, y.hdd_actual, y.hdd_normal, y.hdd_benchmark,
           y.station_id, y.hdd_months_substituted, y.hdd_months_missing,
           y.cost_months = y.months AND y.cost_eur IS NOT NULL AS cost_from_file, y.cost_eur AS file_cost_eur,
           coalesce(b.hot_water_share,
                    c.hot_water_kwh_per_m2a / nullif(c.heating_kwh_per_m2a + c.hot_water_kwh_per_m2a, 0),
                    $share) AS hot_water_share,
           CASE WHEN b.hot_water_share IS NOT NULL THEN 'building'
                WHEN c.heating_kwh_per_m2a + c.hot_water_kwh_per_m2a > 0 THEN 'category'
                ELSE 'assumption' END AS hot_water_share_from,
           coalesce(c.comparable, false) AS comparable,
           CASE WHEN $factor_set = 'bisko' AND y.carrier IN ('Fernwärme', 'Nahwärme') THEN n.kg_co2e_per_kwh END
               AS network_kg_co2e_per_kwh
    FROM yearly_rollup y
    JOIN buildings b USING (building_id)
    JOIN municipalities mu USING (municipality_key)
    JOIN districts d ON d.district_key = mu.district_key
    LEFT JOIN comparison_values c ON c.category = b.category
    LEFT JOIN heat_networks n ON n.network_id = b.heat_network_id
    WHERE (len($years) = 0 OR list_contains($years, y.year))
      AND (len($carriers) = 0 OR list_contains($carriers, y.carrier))
      AND (len($categories) = 0 OR list_contains($categories, b.category))
      AND (len($districts) = 0 OR list_contains($districts, d.district_key))
      AND (len($municipalities) = 0 OR list_contains($municipalities, mu.municipality_key))
      AND (len($buildings) = 0 OR list_contains($buildings, b.building_id))
)
SELECT base.* EXCLUDE (hdd_actual, hdd_normal, hdd_benchmark, file_cost_eur, network_kg_co2e_per_kwh),
       CASE WHEN use <> 'heat' THEN NULL
            ELSE coalesce(hdd_actual > 0 AND hdd_normal IS NOT NULL, false) END AS weather_normalised,
       CASE WHEN use = 'heat' AND hdd_actual > 0 AND hdd_normal IS NOT NULL
            THEN hdd_normal / hdd_actual END AS climate_ratio,
       CASE WHEN use = 'heat' AND hdd_actual > 0 AND hdd_benchmark IS NOT NULL
            THEN hdd_benchmark / hdd_actual END AS benchmark_ratio,
       -- progress: the station's long-term mean; only the weather-dependent share is scaled (GEG § 82(3))
       CASE WHEN use = 'heat' AND hdd_actual > 0 AND hdd_normal IS NOT NULL
            THEN kwh_raw * (hot_water_share + (1 - hot_water_share) * hdd_normal / hdd_actual)
            ELSE kwh_raw END AS kwh_normalised,
       -- benchmark: to the reference location Potsdam, as the Vergleichswerte of 2021
       CASE WHEN use = 'heat' AND hdd_actual > 0 AND hdd_benchmark IS NOT NULL
            THEN kwh_raw * (hot_water_share + (1 - hot_water_share) * hdd_benchmark / hdd_actual)
            ELSE kwh_raw END AS kwh_benchmark,
       CASE WHEN use = 'water' THEN NULL
            ELSE kwh_raw * coalesce(network_kg_co2e_per_kwh, f.kg_co2e_per_kwh) / 1000 END AS t_co2e,
       network_kg_co2e_per_kwh IS NOT NULL AS network_factor,
       CASE WHEN use = 'water' THEN NULL WHEN cost_from_file THEN file_cost_eur
            ELSE kwh_raw * p.eur_per_kwh END AS cost_eur
FROM base
LEFT JOIN factor_years f ON f.carrier = base.carrier AND f.year = base.year
LEFT JOIN energy_prices p ON p.carrier = base.carrier
