"""The sheets of a scoring package (评分包), by name: light enough for the summary-table
importer to tell a package given to it, without loading the package code (≈ 30 ms)."""

SCORE_SHEET = "评分表"
SUMMARY_SHEET = "项目概况"
SIGNATURE_SHEET = "签名"
