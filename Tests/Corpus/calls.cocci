// calls.cocci: every function definition and every call by name, for the scanner oracle
// (Tests/CorpusTests/CoccinelleOracleTests.swift). Prints one line per finding:
//   FILE:FUNCTION:-:LINE        a function definition (LINE is that of its name)
//   FILE:FUNCTION:CALLEE:LINE   a call `CALLEE(...)` (LINE is that of CALLEE); FUNCTION is
//                               `something_else` outside any function definition
// Run: spatch --very-quiet --no-includes --include-headers --sp-file calls.cocci FILES...
// The call rule matches expressions, not paths inside a function body (`f(...) { <+... g(...) ...+> }`
// costs minutes on a long function with many gotos); the position's current_element names the
// function around it.

@definition@
identifier fn;
position p;
@@
fn@p(...) { ... }

@script:python@
fn << definition.fn;
p << definition.p;
@@
print("%s:%s:-:%s" % (p[0].file, fn, p[0].line))

@call@
identifier callee;
position p;
@@
callee@p(...)

@script:python@
callee << call.callee;
p << call.p;
@@
print("%s:%s:%s:%s" % (p[0].file, p[0].current_element, callee, p[0].line))
