/* The password rule: at least 8 characters, at most 128 bytes, and characters from at least three
 * of the four classes (lower case, upper case, digits, other symbols); not the username itself. */
#pragma once

/* Characters are UTF-8 code points; any character outside ASCII letters and digits (a space, a
 * symbol, a Chinese character) counts in the "other symbols" class. The username comparison
 * ignores ASCII case; username may be NULL (nothing to compare with).
 * Returns NULL when acceptable, otherwise a Chinese message saying what is missing. */
const char *password_problem(const char *password, const char *username);
