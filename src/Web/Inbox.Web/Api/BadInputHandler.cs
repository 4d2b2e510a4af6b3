using System.Text.Json;
using Inbox.Silo;
using Inbox.Web.Auth;
using Microsoft.AspNetCore.Diagnostics;

namespace Inbox.Web.Api;

/// <summary>
/// Answers what the client got wrong, on the API's paths, as problem details naming the field:
/// a body or parameter that did not bind, malformed JSON, a refusal thrown outside the endpoint
/// filter. Handled here means not logged as an error (ASP.NET Core 10 records no diagnostics for
/// exceptions an <see cref="IExceptionHandler"/> handles); anything else stays a logged 500.
/// </summary>
internal sealed partial class BadInputHandler(ILogger<BadInputHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!AuthExtensions.IsApi(context.Request) || context.Response.HasStarted) return false;
        var answer = exception switch
        {
            BadHttpRequestException bad => BindingErrors.Describe(context, bad),
            JsonException json => BindingErrors.Describe(context, json),
            DomainException refused => ApiProblems.For(refused),
            UnauthorizedAccessException => ApiProblems.ForStatus(StatusCodes.Status401Unauthorized),
            OperationCanceledException when context.RequestAborted.IsCancellationRequested => Results.Empty,
            _ => null,
        };
        if (answer is null) return false;
        LogBadInput(logger, context.Request.Method, context.Request.Path, exception.GetType().Name, exception.Message);
        await answer.ExecuteAsync(context);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Bad input on {Method} {Path}: {Kind}: {Reason}")]
    private static partial void LogBadInput(ILogger logger, string method, string path, string kind, string reason);
}
