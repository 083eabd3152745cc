/* main: finds the subcommand in the table of cli/ and runs it. */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

static void usage(FILE *f)
{
	fprintf(f, "daicho: a self-hosted, kintone-compatible information platform\n\n"
		   "usage: daicho <command> [options]\n\ncommands:\n");
	for (const struct cli_command *c = cli_commands(); c->name; c++)
		fprintf(f, "  %-8s %s\n", c->name, c->summary);
	fprintf(f, "\n`daicho <command> --help` explains a command and its options.\n"
		   "Settings come from built-in defaults, then the file given by --config or\n"
		   "DAICHO_CONFIG, then DAICHO_* environment variables, then flags;\n"
		   "`daicho serve --help` lists every setting.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("daicho 0.1.0\n");
		return 0;
	}
	for (const struct cli_command *c = cli_commands(); c->name; c++)
		if (strcmp(c->name, argv[1]) == 0)
			return c->run(argc - 1, argv + 1);
	fprintf(stderr, "daicho: unknown command \"%s\"\n\n", argv[1]);
	usage(stderr);
	return 2;
}
