#include "domain/creditcode.h"

#include <stddef.h>
#include <string.h>

/* GB 32100-2015's alphabet: the digits and the capitals except I, O, Z, S, V, which are too easy
 * to misread as 1, 0, 2, 5, U on a stamped scan. A character's value is its index here. */
static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* 3^i mod 31 for positions 1..17. */
static const int weights[17] = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 };

/* The value of c, or -1. Not strchr: that would also find the terminating NUL. */
static int value_of(char c)
{
        for (int i = 0; i < 31; i++)
                if (alphabet[i] == c)
                        return i;
        return -1;
}

char credit_code_check_char(const char *first17)
{
        int sum = 0;

        if (!first17)
                return 0;
        for (int i = 0; i < 17; i++) {
                int v = value_of(first17[i]);

                if (v < 0)
                        return 0; /* also stops at a NUL of a short string */
                sum += v * weights[i];
        }
        return alphabet[(31 - sum % 31) % 31];
}

enum credit_code_result credit_code_check(const char *s)
{
        if (!s || strlen(s) != 18)
                return CREDIT_CODE_LENGTH;
        for (int i = 0; i < 18; i++)
                if (value_of(s[i]) < 0)
                        return CREDIT_CODE_CHARSET;
        if (credit_code_check_char(s) != s[17])
                return CREDIT_CODE_CHECK;
        return CREDIT_CODE_OK;
}

const char *credit_code_message(enum credit_code_result r)
{
        switch (r) {
        case CREDIT_CODE_OK:
                return NULL;
        case CREDIT_CODE_LENGTH:
                return "统一社会信用代码应为 18 位";
        case CREDIT_CODE_CHARSET:
                return "统一社会信用代码含有无效字符（不使用 I、O、Z、S、V）";
        case CREDIT_CODE_CHECK:
                return "统一社会信用代码校验位不正确";
        }
        return "统一社会信用代码不正确";
}
