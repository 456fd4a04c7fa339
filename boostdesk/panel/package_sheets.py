"""The sheets of a scoring package (评分包), by name: light enough for the summary-table
importer to tell a package given to it, without loading the package code (≈ 30 ms)."""

# the notes, first and open when the reviewer opens the file (packages of version 2 on;
# version 1 had them under the score table)
GUIDE_SHEET = "填写说明"
SCORE_SHEET = "评分表"
SUMMARY_SHEET = "项目概况"
SIGNATURE_SHEET = "签名"
