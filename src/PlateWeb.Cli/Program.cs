using PlateWeb.Cli;
using PlateWeb.Cli.Commands;

// platectl: the recognition engine on the command line. One verb per file in Commands/.
return await CliApp.RunAsync(args, new Dictionary<string, Func<CliContext, Task<int>>>
{
    ["read"] = ReadCommand.RunAsync,
    ["eval"] = EvalCommand.RunAsync,
    ["reader-data"] = ReaderDataCommand.RunAsync,
    ["bench"] = BenchCommand.RunAsync,
    ["sample"] = SampleCommand.RunAsync,
    ["explain"] = ExplainCommand.RunAsync,
    ["import"] = ImportCommand.RunAsync,
    ["export"] = ExportCommand.RunAsync,
    ["ask"] = new AskCommand(CliChatModel.Add).RunAsync,
    ["ask-eval"] = new AskEvalCommand(CliChatModel.Add).RunAsync,
    ["ask-bench"] = AskBenchCommand.RunAsync,
    ["backup"] = BackupCommand.RunAsync,
    ["migrate-data"] = MigrateDataCommand.RunAsync,
    ["forget"] = ForgetCommand.ForgetAsync,
    ["export-plate"] = ForgetCommand.ExportPlateAsync,
    ["keys"] = AdminCommands.KeysAsync,
    ["check"] = AdminCommands.CheckAsync,
    ["load"] = LoadCommand.RunAsync,
    ["bench-chat"] = BenchChatCommand.RunAsync,
    ["bench-history"] = BenchHistoryCommand.RunAsync,
    ["bench-cameras"] = BenchCamerasCommand.RunAsync,
    ["worker"] = WorkerCommand.RunAsync,
    ["enqueue"] = EnqueueCommand.RunAsync,
});
