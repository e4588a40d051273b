/* credit_code_check and credit_code_check_char against a reference computation of GB 32100-2015's
 * check character; neither may read past the string's NUL. */
#include "domain/creditcode.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char ALPHABET[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

static int ref_value(char c)
{
        const char *p = c ? strchr(ALPHABET, c) : NULL;

        return p ? (int) (p - ALPHABET) : -1;
}

/* Weights are 3^(i) mod 31; the check character makes the weighted sum of all 18 divisible by 31. */
static char ref_check_char(const char *s)
{
        int sum = 0, w = 1;

        for (int i = 0; i < 17; i++) {
                int v = ref_value(s[i]);

                if (v < 0)
                        return 0;
                sum = (sum + v * w) % 31;
                w = w * 3 % 31;
        }
        for (int c = 0; c < 31; c++)
                if ((sum + c) % 31 == 0)
                        return ALPHABET[c];
        return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        char *s = fuzz_strndup(data, size);
        size_t len = strlen(s);
        enum credit_code_result r = credit_code_check(s);
        char check = credit_code_check_char(s);
        const char *msg = credit_code_message(r);
        bool charset_ok = true;

        for (size_t i = 0; i < len; i++)
                if (ref_value(s[i]) < 0)
                        charset_ok = false;

        FUZZ_CHECK(check == ref_check_char(s), "credit_code_check_char(\"%.17s\")='%c', reference '%c'",
                   s, check ? check : '0', ref_check_char(s) ? ref_check_char(s) : '0');
        FUZZ_CHECK(check == 0 || ref_value(check) >= 0, "check char %d outside the alphabet", check);
        switch (r) {
        case CREDIT_CODE_OK:
                FUZZ_CHECK(len == 18 && charset_ok, "OK for \"%s\"", s);
                FUZZ_CHECK(check != 0 && check == s[17], "OK for \"%s\" but check char is '%c'", s,
                           check);
                FUZZ_CHECK(msg == NULL, "a message for OK");
                /* Any other 18th character is then a wrong check digit (a single-character error is
                 * always caught). */
                for (const char *a = ALPHABET; *a; a++) {
                        char saved = s[17];

                        if (*a == saved)
                                continue;
                        s[17] = *a;
                        FUZZ_CHECK(credit_code_check(s) == CREDIT_CODE_CHECK, "\"%s\" also passes", s);
                        s[17] = saved;
                }
                break;
        case CREDIT_CODE_LENGTH:
                FUZZ_CHECK(len != 18, "LENGTH for an 18-byte string");
                break;
        case CREDIT_CODE_CHARSET:
                FUZZ_CHECK(len == 18 && !charset_ok, "CHARSET for \"%s\"", s);
                break;
        case CREDIT_CODE_CHECK:
                FUZZ_CHECK(len == 18 && charset_ok, "CHECK for \"%s\"", s);
                FUZZ_CHECK(check != 0 && check != s[17], "CHECK for \"%s\", check char '%c'", s, check);
                break;
        default:
                FUZZ_CHECK(false, "credit_code_check returned %d", (int) r);
        }
        if (r != CREDIT_CODE_OK)
                FUZZ_CHECK(msg && *msg && fuzz_utf8_ref_count((const unsigned char *) msg, strlen(msg)) > 0,
                           "no readable message for result %d", (int) r);
        free(s);
        return 0;
}
