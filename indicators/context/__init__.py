"""Stage 4, context: for each figure its time (publication date, year, period), its region and
its kind (target or actual); ``document`` combines them per figure."""
