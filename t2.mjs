import "/work/main/dist/syntax/tokens.js";
