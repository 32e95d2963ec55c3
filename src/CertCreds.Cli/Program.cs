using CertCreds.Cli;

// The one composition root: real streams, environment, clock.
return await CliApp.RunAsync(args, CliContext.FromProcess()).ConfigureAwait(false);
