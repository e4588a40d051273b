/* 统一社会信用代码 (unified social credit code) per GB 32100-2015: 18 characters from
 * "0123456789ABCDEFGHJKLMNPQRTUWXY", the last a check character over the first 17. */
#pragma once

enum credit_code_result {
        CREDIT_CODE_OK = 0,
        CREDIT_CODE_LENGTH,   /* not exactly 18 characters */
        CREDIT_CODE_CHARSET,  /* a character outside the code's 31 (I, O, Z, S, V, lower case...) */
        CREDIT_CODE_CHECK,    /* the 18th character is not the check character of the first 17 */
};

enum credit_code_result credit_code_check(const char *s);

/* The check character for 17 valid leading characters, or 0 if one is outside the charset. */
char credit_code_check_char(const char *first17);

/* A Chinese message for a result other than OK ("统一社会信用代码应为 18 位" ...); NULL for OK. */
const char *credit_code_message(enum credit_code_result r);
