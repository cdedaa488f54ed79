using Codemate.Sessions;
using ExistingAspNetApp;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args);

// Codemate, line 1 of 2: its services, bound from configuration (GITHUB_WEBHOOK_SECRET, GITHUB_TOKEN,
// WORKSPACES_ROOT, ... as environment variables, or the "Codemate" section of appsettings.json).
builder.Services.AddCodemate(builder.Configuration);

// One customisation through options: the agent sessions run on this app's own tmux server
// (`tmux -L orders-app ls` lists them). Registered after AddCodemate, so it wins over CODEMATE_TMUX_SOCKET.
builder.Services.Configure<AgentOptions>(options => options.TmuxSocket = "orders-app");

var app = builder.Build();

// The app's own endpoints, untouched by Codemate.
app.MapGet("/", () => "Orders service");
app.MapGet("/orders", () => OrderBook.All);
app.MapGet("/orders/{id:int}", (int id) => OrderBook.Find(id) is { } order ? Results.Ok(order) : Results.NotFound());
app.MapGet("/about", (IOptions<AgentOptions> agent) => new { service = "orders", codemateTmuxSocket = agent.Value.TmuxSocket });

// Codemate, line 2 of 2: POST /webhook, the payload URL to give GitHub.
app.MapCodemate();

app.Run();
