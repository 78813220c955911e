"""Reading demand sources: spreadsheets of any format city organizations really send."""
