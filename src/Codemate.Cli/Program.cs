using Codemate.Cli;

return await CodemateCommandLine.Build().Parse(args).InvokeAsync().ConfigureAwait(false);
