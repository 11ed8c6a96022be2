// jsonc-parser's ParseErrorCode numbers, as plain constants (its enum is a const enum, which the
// bundle cannot inline from its typings): the engine's readers report these.
export const INVALID_SYMBOL = 1;
export const INVALID_NUMBER_FORMAT = 2;
export const PROPERTY_NAME_EXPECTED = 3;
export const VALUE_EXPECTED = 4;
export const COLON_EXPECTED = 5;
export const COMMA_EXPECTED = 6;
export const CLOSE_BRACE_EXPECTED = 7;
export const CLOSE_BRACKET_EXPECTED = 8;
export const END_OF_FILE_EXPECTED = 9;
export const INVALID_COMMENT_TOKEN = 10;
export const UNEXPECTED_END_OF_STRING = 12;
export const UNEXPECTED_END_OF_NUMBER = 13;
export const INVALID_UNICODE = 14;
export const INVALID_ESCAPE_CHARACTER = 15;
export const INVALID_CHARACTER = 16;
