-- The rows of `ktdash export kpis`: one per building, year and carrier (ktdash.analytics.metrics.kpi_rows).
WITH rows AS ({{ metrics_base }})
SELECT district, municipality, building, category, r.year, carrier, use, months,
       kwh_raw, kwh_normalised, weather_normalised, climate_ratio,
       CASE WHEN use = 'heat' THEN kwh_benchmark END AS kwh_benchmark, benchmark_ratio,
       CASE WHEN use = 'heat' THEN hot_water_share END AS hot_water_share,
       CASE WHEN use = 'heat' THEN hot_water_share_from END AS hot_water_share_from,
       CASE WHEN use = 'heat' THEN r.station_id END AS station_id,
       CASE WHEN use = 'heat' THEN s.name END AS station,
       CASE WHEN use = 'heat' THEN hdd_months_substituted END AS hdd_months_substituted,
       CASE WHEN use = 'heat' THEN hdd_months_missing END AS hdd_months_missing,
       unit, area_m2,
       -- per m² against the comparison values: heat normalised to Potsdam (benchmark), as the Vergleichswerte
       CASE WHEN area_m2 > 0 AND use <> 'water' THEN kwh_benchmark / area_m2 END AS kwh_per_m2,
       CASE WHEN area_m2 > 0 AND use <> 'water'
            THEN sum(kwh_benchmark) OVER (PARTITION BY building_id, r.year, use) / area_m2 END AS use_kwh_per_m2,
       CASE use WHEN 'heat' THEN c.heat_kwh_per_m2a WHEN 'electricity' THEN c.electricity_kwh_per_m2a END
           AS comparison_kwh_per_m2,
       comparable, t_co2e, CASE WHEN use <> 'water' THEN $factor_set END AS co2_factor_set,
       CASE WHEN use = 'heat' THEN network_factor END AS network_factor,
       cost_eur, CASE WHEN use <> 'water' THEN cost_from_file END AS cost_from_file
FROM rows r LEFT JOIN (SELECT building_id, heat_kwh_per_m2a, electricity_kwh_per_m2a
                        FROM building_comparison_values) c USING (building_id)
LEFT JOIN climate_stations s ON s.station_id = r.station_id
ORDER BY district, municipality, building, r.year, carrier
