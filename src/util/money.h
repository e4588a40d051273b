/* Money in 万元 with at most two decimals, kept exactly as integer hundredths of 万元.
 * No floating-point sums anywhere: parse once at the edge, then add integers. */
#pragma once
#include <stdint.h>

/* Largest amount accepted: 99,999,999.99 万元 (one trillion yuan), in hundredths. */
#define MONEY_MAX INT64_C(9999999999)

/* Parses "500", "500.5", "500.00" into hundredths. Rejects signs, exponents, spaces, more than two
 * decimals, empty parts ("500." ".5") and amounts above MONEY_MAX.
 * Returns 0, or -EINVAL (not a number of that form) / -ERANGE (too large); *ret untouched on failure. */
int money_parse(const char *s, int64_t *ret);

/* Converts a JSON number (as jansson gives it, a double or an integer) exactly: 499.99 stays 49999.
 * Uses the shortest decimal form that round-trips, so 0.1+0.2-style noise is not invented and
 * 500.001 is refused. Negative numbers are -EINVAL. */
int money_from_double(double v, int64_t *ret);

/* Writes "1234.50" (always two decimals) into buf (at least 32 bytes); returns buf. */
char *money_format(int64_t hundredths, char *buf);
