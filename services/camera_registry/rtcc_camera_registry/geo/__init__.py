"""Geographic search without PostGIS: a grid-cell index, then exact great-circle distance."""
