/*
 * cli: the administrator's command line. One file per subcommand; main.c only looks
 * the name up in the table below. Each command parses its own flags, prints its own
 * help and returns the process exit status (0 success, 1 failure, 2 usage error).
 */
#ifndef DAICHO_CLI_CLI_H
#define DAICHO_CLI_CLI_H

struct config;

struct cli_command {
	const char *name;			/* subcommand as typed */
	int (*run)(int argc, char **argv);	/* argv[0] is the subcommand name */
	const char *summary;			/* one line for `daicho --help` */
};

/* The subcommand table, terminated by a NULL name. */
const struct cli_command *cli_commands(void);

int cmd_serve(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_token(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_restore(int argc, char **argv);
int cmd_crypto(int argc, char **argv);

/*
 * Loads the configuration for a command: defaults, then the file named by --config or
 * DAICHO_CONFIG, then the environment. Consumes the common flags (--config FILE,
 * --data DIR) from argv. Prints the problem and returns -1 on error.
 */
int cli_load_config(struct config *c, int *argc, char **argv);

#endif
