"""The data core of cityorder: pure Python, no Django.

Reads demand spreadsheets, identifies parts, classifies them and consolidates demand
lines into positions of one order, every figure traceable to its source row.
"""
