-- metrics_building_year with the savings potential in kWh, EUR and t CO2e (NULL where neither use has one).
SELECT *,
       -- NULL where neither use has a potential (no area, no comparison value, incomplete year)
       CASE WHEN heat_potential_kwh IS NOT NULL OR electricity_potential_kwh IS NOT NULL THEN
           coalesce(heat_potential_kwh, 0) + coalesce(electricity_potential_kwh, 0) END AS potential_kwh,
       CASE WHEN heat_potential_kwh IS NOT NULL OR electricity_potential_kwh IS NOT NULL THEN
           coalesce(heat_potential_kwh * heat_cost_eur / nullif(heat_kwh_raw, 0), 0)
           + coalesce(electricity_potential_kwh * electricity_cost_eur / nullif(electricity_kwh, 0), 0)
       END AS potential_eur,
       CASE WHEN heat_potential_kwh IS NOT NULL OR electricity_potential_kwh IS NOT NULL THEN
           coalesce(heat_potential_kwh * heat_t_co2e / nullif(heat_kwh_raw, 0), 0)
           + coalesce(electricity_potential_kwh * electricity_t_co2e / nullif(electricity_kwh, 0), 0)
       END AS potential_t_co2e
FROM ({{ metrics_building_year }})
