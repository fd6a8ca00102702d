// Exit codes shared by every command (spec section 7 and 8).
export const EXIT_OK = 0;
/** Check/test/fmt --check found problems; run wrote some invalid rows. */
export const EXIT_PROBLEMS = 1;
/** The program does not compile, a file cannot be read, or the command is misused. */
export const EXIT_USAGE = 2;
