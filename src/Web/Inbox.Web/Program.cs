using Inbox.Silo;
using Inbox.Web.Health;
using Inbox.Web.Ui;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddInboxSilo();
builder.Services.AddProblemDetails();
builder.Services.AddInboxHealth();
builder.Services.AddInboxUi();

var app = builder.Build();

app.UseInboxErrors();
app.MapInboxHealth();
app.MapInboxUi();

app.Run();
