/* How the documents print values: money with thousands separators, months as 2022年3月, regions,
 * categories and natures by their names (GLOSSARY.md). Internal to src/docs. */
#pragma once
#include <jansson.h>
#include <stdint.h>

#include "docs/docs.h"

/* obj.key as a string, "" when absent or not a string; obj.key as an object or NULL. */
const char *fmt_str(json_t *obj, const char *key);
json_t *fmt_obj(json_t *obj, const char *key);

/* "1,200.00" from hundredths of 万元; buf >= 48 bytes. */
char *fmt_money_h(int64_t hundredths, char *buf);
/* A JSON amount in 万元 as "1,200.00"; "" when null or not a valid amount. */
char *fmt_money(json_t *v, char *buf);
/* "1,234,567" (an integer with separators); buf >= 48 bytes. */
char *fmt_int(int64_t v, char *buf);

/* "2022-03" as "2022年3月" (the text as it is when not a month); buf >= 64 bytes. */
char *fmt_month(const char *s, char *buf);
/* "2023-07-15" as "2023 年 7 月 15 日"; blank as "　　　　年　　月　　日"; buf >= 64 bytes. */
char *fmt_cover_date(const char *s, char *buf);
/* UTC seconds as "2023年7月15日 10:00:00" in Beijing time; buf >= 64 bytes. */
char *fmt_beijing_time(int64_t t, char *buf);

/* "南京市 玄武区", "南京市", "江苏省"; the code itself when unknown, "" for "". buf >= 160 bytes. */
const char *fmt_region(const struct docs_application *a, const char *code, char *buf);
/* The provincial department's name, or the code when unknown. */
const char *fmt_department(const struct docs_application *a, const char *code);
/* 数字治理类 (the campaign's name for the code; the code when unknown or c is NULL). */
const char *fmt_category(const struct campaign *c, const char *code);
/* Points kept in hundredths: "26.50" (always two decimals); buf >= 32 bytes. */
char *fmt_points(int64_t hundredths, char *buf);
/* The same without a zero fraction, for bounds and maxima: "26", "25.99", "12.50"; buf >= 32. */
char *fmt_points_short(int64_t hundredths, char *buf);

/* The label of a unit nature ("" when unknown): domain/form.h has the list. */
const char *fmt_nature(const char *code);
/* 县（市、区）属单位, 市直单位, 省直单位. */
const char *fmt_affiliation(const char *code);
