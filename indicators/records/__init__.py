"""Stage 5, records: the frozen record types, the indicator catalogue and the administrative
divisions every record is validated against."""
