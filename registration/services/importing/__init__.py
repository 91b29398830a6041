"""Import of invited delegates from a CSV or XLSX list: read the file (`reading`), check every row
and show the organiser a preview (`checking`, writing nothing), then create the valid rows in a job
once the organiser confirms (`creating`)."""
