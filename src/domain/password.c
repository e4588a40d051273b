#include "domain/password.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "util/utf8.h"

#define PASSWORD_MIN_CHARS 8
/* Bytes, not characters: the bound is on what the hash function and the request body carry. */
#define PASSWORD_MAX_BYTES 128

static bool ascii_equal_nocase(const char *a, const char *b)
{
        for (; *a && *b; a++, b++) {
                char ca = *a, cb = *b;

                if (ca >= 'A' && ca <= 'Z')
                        ca = (char) (ca - 'A' + 'a');
                if (cb >= 'A' && cb <= 'Z')
                        cb = (char) (cb - 'A' + 'a');
                if (ca != cb)
                        return false;
        }
        return *a == *b;
}

const char *password_problem(const char *password, const char *username)
{
        bool lower = false, upper = false, digit = false, other = false;
        size_t len;
        long chars;

        if (!password || !*password)
                return "请输入密码";
        len = strlen(password);
        chars = utf8_count(password);
        if (chars < 0)
                return "密码含有无效字符";
        if (chars < PASSWORD_MIN_CHARS)
                return "密码至少 8 位";
        if (len > PASSWORD_MAX_BYTES)
                return "密码不能超过 128 个字节（一个汉字占 3 个字节）";
        /* Case-insensitive: "Zhangsan" for user "zhangsan" is the first thing anyone would try. */
        if (username && ascii_equal_nocase(password, username))
                return "密码不能与用户名相同";
        for (const char *p = password; *p; p++) {
                if (*p >= 'a' && *p <= 'z')
                        lower = true;
                else if (*p >= 'A' && *p <= 'Z')
                        upper = true;
                else if (*p >= '0' && *p <= '9')
                        digit = true;
                else
                        other = true; /* ASCII symbols, spaces, and any non-ASCII character */
        }
        if (lower + upper + digit + other < 3)
                return "密码须包含大写字母、小写字母、数字、符号中的至少三类";
        return NULL;
}
