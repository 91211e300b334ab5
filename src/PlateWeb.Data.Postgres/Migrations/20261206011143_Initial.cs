using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace PlateWeb.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            migrationBuilder.CreateTable(
                name: "AlertDeliveries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RuleId = table.Column<int>(type: "integer", nullable: true),
                    RuleName = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false, collation: "C"),
                    ReadId = table.Column<long>(type: "bigint", nullable: false),
                    CameraId = table.Column<int>(type: "integer", nullable: true),
                    Channel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Target = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false, collation: "C"),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    StatusCode = table.Column<int>(type: "integer", nullable: true),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    Error = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true, collation: "C"),
                    CreatedAt = table.Column<DateTime>(type: "timestamp without time zone", nullable: false),
                    LastAttemptAt = table.Column<DateTime>(type: "timestamp without time zone", nullable: true),
                    LatencyMs = table.Column<double>(type: "double precision", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AlertDeliveries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ApiKeys",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false, collation: "C"),
                    Prefix = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false, collation: "C"),
                    Hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    Scopes = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp without time zone", nullable: false),
                    RevokedAt = table.Column<DateTime>(type: "timestamp without time zone", nullable: true),
                    LastUsedAt = table.Column<DateTime>(type: "timestamp without time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApiKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AspNetRoles",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    NormalizedName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    ConcurrencyStamp = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUsers",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    UserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    NormalizedUserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    Email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    NormalizedEmail = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    EmailConfirmed = table.Column<bool>(type: "boolean", nullable: false),
                    PasswordHash = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    SecurityStamp = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ConcurrencyStamp = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    PhoneNumber = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    PhoneNumberConfirmed = table.Column<bool>(type: "boolean", nullable: false),
                    TwoFactorEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    LockoutEnd = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LockoutEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    AccessFailedCount = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUsers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AuditEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    At = table.Column<DateTime>(type: "timestamp without time zone", nullable: false),
                    User = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, collation: "C"),
                    Action = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    TargetId = table.Column<long>(type: "bigint", nullable: true),
                    Detail = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditEntries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Cameras",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false, collation: "C"),
                    Enabled = table.Column<bool>(type: "boolean", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ProtectedSource = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false, collation: "C"),
                    SourceDisplay = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false, collation: "C"),
                    AfterRead = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    RoiX = table.Column<float>(type: "real", nullable: true),
                    RoiY = table.Column<float>(type: "real", nullable: true),
                    RoiWidth = table.Column<float>(type: "real", nullable: true),
                    RoiHeight = table.Column<float>(type: "real", nullable: true),
                    FramesPerSecond = table.Column<double>(type: "double precision", nullable: false),
                    CountryHint = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true, collation: "C"),
                    RetentionDays = table.Column<int>(type: "integer", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp without time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Cameras", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Images",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    SizeBytes = table.Column<long>(type: "bigint", nullable: false),
                    Width = table.Column<int>(type: "integer", nullable: false),
                    Height = table.Column<int>(type: "integer", nullable: false),
                    UploadedAt = table.Column<DateTime>(type: "timestamp without time zone", nullable: false),
                    StoredPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    OriginalFileName = table.Column<string>(type: "character varying(260)", maxLength: 260, nullable: false, collation: "C"),
                    NoPlateFound = table.Column<bool>(type: "boolean", nullable: false),
                    CameraId = table.Column<int>(type: "integer", nullable: true),
                    CapturedAt = table.Column<DateTime>(type: "timestamp without time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Images", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PlateSummaries",
                columns: table => new
                {
                    EffectiveText = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    Skeleton = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    SkeletonTail = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    Reads = table.Column<int>(type: "integer", nullable: false),
                    FirstAt = table.Column<DateTime>(type: "timestamp without time zone", nullable: false),
                    LastAt = table.Column<DateTime>(type: "timestamp without time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlateSummaries", x => x.EffectiveText);
                });

            migrationBuilder.CreateTable(
                name: "Watchlists",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false, collation: "C"),
                    Tolerance = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp without time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Watchlists", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AspNetRoleClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RoleId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    ClaimType = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ClaimValue = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoleClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetRoleClaims_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    ClaimType = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ClaimValue = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetUserClaims_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserLogins",
                columns: table => new
                {
                    LoginProvider = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    ProviderKey = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    ProviderDisplayName = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    UserId = table.Column<string>(type: "text", nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserLogins", x => new { x.LoginProvider, x.ProviderKey });
                    table.ForeignKey(
                        name: "FK_AspNetUserLogins_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserRoles",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    RoleId = table.Column<string>(type: "text", nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserRoles", x => new { x.UserId, x.RoleId });
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserTokens",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    LoginProvider = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Name = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Value = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserTokens", x => new { x.UserId, x.LoginProvider, x.Name });
                    table.ForeignKey(
                        name: "FK_AspNetUserTokens_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Conversations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OwnerId = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Title = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false, collation: "C"),
                    CreatedAt = table.Column<DateTime>(type: "timestamp without time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp without time zone", nullable: false),
                    ContextReadId = table.Column<long>(type: "bigint", nullable: true),
                    ContextPlateText = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true, collation: "C"),
                    LastQuery = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Conversations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Conversations_AspNetUsers_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PlateReads",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ImageId = table.Column<long>(type: "bigint", nullable: false),
                    CameraId = table.Column<int>(type: "integer", nullable: true),
                    Text = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    NormalizedText = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    Skeleton = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    Confidence = table.Column<float>(type: "real", nullable: false),
                    Quad = table.Column<float[]>(type: "real[]", nullable: false),
                    Country = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true, collation: "C"),
                    Format = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true, collation: "C"),
                    Explanation = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    RawText = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    CandidatesJson = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    CorrectedText = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true, collation: "C"),
                    CorrectedSkeleton = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true, collation: "C"),
                    EffectiveText = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    CorrectedAt = table.Column<DateTime>(type: "timestamp without time zone", nullable: true),
                    CorrectedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    OcrCountry = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true, collation: "C"),
                    OcrFormat = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true, collation: "C"),
                    OcrExplanation = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    CreatedAt = table.Column<DateTime>(type: "timestamp without time zone", nullable: false),
                    CreatedMinute = table.Column<int>(type: "integer", nullable: false, computedColumnSql: "(EXTRACT(HOUR FROM \"CreatedAt\") * 60 + EXTRACT(MINUTE FROM \"CreatedAt\"))::integer", stored: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlateReads", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PlateReads_Images_ImageId",
                        column: x => x.ImageId,
                        principalTable: "Images",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AlertRules",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false, collation: "C"),
                    Enabled = table.Column<bool>(type: "boolean", nullable: false),
                    WatchlistId = table.Column<int>(type: "integer", nullable: false),
                    Trigger = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    CameraIds = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false, collation: "C"),
                    IncludeUploads = table.Column<bool>(type: "boolean", nullable: false),
                    FromHour = table.Column<int>(type: "integer", nullable: true),
                    ToHour = table.Column<int>(type: "integer", nullable: true),
                    TimeZone = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true, collation: "C"),
                    NotifyInApp = table.Column<bool>(type: "boolean", nullable: false),
                    WebhookUrl = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true, collation: "C"),
                    WebhookSecretProtected = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    PublishMqtt = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp without time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AlertRules", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AlertRules_Watchlists_WatchlistId",
                        column: x => x.WatchlistId,
                        principalTable: "Watchlists",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "WatchlistEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    WatchlistId = table.Column<int>(type: "integer", nullable: false),
                    Pattern = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, collation: "C"),
                    Label = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false, collation: "C"),
                    ExpiresAt = table.Column<DateTime>(type: "timestamp without time zone", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp without time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WatchlistEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WatchlistEntries_Watchlists_WatchlistId",
                        column: x => x.WatchlistId,
                        principalTable: "Watchlists",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ChatMessages",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ConversationId = table.Column<long>(type: "bigint", nullable: false),
                    Role = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Text = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    CreatedAt = table.Column<DateTime>(type: "timestamp without time zone", nullable: false),
                    Cancelled = table.Column<bool>(type: "boolean", nullable: false),
                    SourcesJson = table.Column<string>(type: "text", nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChatMessages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ChatMessages_Conversations_ConversationId",
                        column: x => x.ConversationId,
                        principalTable: "Conversations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "NotAPlateMarks",
                columns: table => new
                {
                    ReadId = table.Column<long>(type: "bigint", nullable: false),
                    MarkedAt = table.Column<DateTime>(type: "timestamp without time zone", nullable: false),
                    MarkedBy = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NotAPlateMarks", x => x.ReadId);
                    table.ForeignKey(
                        name: "FK_NotAPlateMarks_PlateReads_ReadId",
                        column: x => x.ReadId,
                        principalTable: "PlateReads",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "VehiclePasses",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CameraId = table.Column<int>(type: "integer", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "timestamp without time zone", nullable: false),
                    EndedAt = table.Column<DateTime>(type: "timestamp without time zone", nullable: false),
                    Text = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    NormalizedText = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    Confidence = table.Column<float>(type: "real", nullable: false),
                    CharConfidencesJson = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    ReadsJson = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    FrameCount = table.Column<int>(type: "integer", nullable: false),
                    Direction = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true, collation: "C"),
                    BestImageId = table.Column<long>(type: "bigint", nullable: true),
                    BestReadId = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VehiclePasses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_VehiclePasses_Cameras_CameraId",
                        column: x => x.CameraId,
                        principalTable: "Cameras",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_VehiclePasses_Images_BestImageId",
                        column: x => x.BestImageId,
                        principalTable: "Images",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_VehiclePasses_PlateReads_BestReadId",
                        column: x => x.BestReadId,
                        principalTable: "PlateReads",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AlertDeliveries_CreatedAt",
                table: "AlertDeliveries",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_AlertRules_WatchlistId",
                table: "AlertRules",
                column: "WatchlistId");

            migrationBuilder.CreateIndex(
                name: "IX_ApiKeys_Hash",
                table: "ApiKeys",
                column: "Hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AspNetRoleClaims_RoleId",
                table: "AspNetRoleClaims",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "RoleNameIndex",
                table: "AspNetRoles",
                column: "NormalizedName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserClaims_UserId",
                table: "AspNetUserClaims",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserLogins_UserId",
                table: "AspNetUserLogins",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserRoles_RoleId",
                table: "AspNetUserRoles",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "EmailIndex",
                table: "AspNetUsers",
                column: "NormalizedEmail");

            migrationBuilder.CreateIndex(
                name: "UserNameIndex",
                table: "AspNetUsers",
                column: "NormalizedUserName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_At",
                table: "AuditEntries",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_Cameras_Name",
                table: "Cameras",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ChatMessages_ConversationId_CreatedAt",
                table: "ChatMessages",
                columns: new[] { "ConversationId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Conversations_OwnerId_UpdatedAt",
                table: "Conversations",
                columns: new[] { "OwnerId", "UpdatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Conversations_UpdatedAt",
                table: "Conversations",
                column: "UpdatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Images_CameraId",
                table: "Images",
                column: "CameraId");

            migrationBuilder.CreateIndex(
                name: "IX_Images_Sha256",
                table: "Images",
                column: "Sha256",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Images_UploadedAt",
                table: "Images",
                column: "UploadedAt");

            migrationBuilder.CreateIndex(
                name: "IX_PlateReads_CameraId_CreatedAt",
                table: "PlateReads",
                columns: new[] { "CameraId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PlateReads_CorrectedSkeleton_EffectiveText",
                table: "PlateReads",
                columns: new[] { "CorrectedSkeleton", "EffectiveText" },
                filter: "\"CorrectedSkeleton\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_PlateReads_CorrectedSkeleton_Trigram",
                table: "PlateReads",
                column: "CorrectedSkeleton")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "IX_PlateReads_Country",
                table: "PlateReads",
                column: "Country");

            migrationBuilder.CreateIndex(
                name: "IX_PlateReads_Country_CreatedAt_Confidence_Text_CorrectedText",
                table: "PlateReads",
                columns: new[] { "Country", "CreatedAt", "Confidence", "Text", "CorrectedText" });

            migrationBuilder.CreateIndex(
                name: "IX_PlateReads_Country_CreatedMinute_CreatedAt",
                table: "PlateReads",
                columns: new[] { "Country", "CreatedMinute", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PlateReads_CreatedAt_Confidence_Country_Text_CorrectedText",
                table: "PlateReads",
                columns: new[] { "CreatedAt", "Confidence", "Country", "Text", "CorrectedText" });

            migrationBuilder.CreateIndex(
                name: "IX_PlateReads_CreatedMinute_CreatedAt_Confidence",
                table: "PlateReads",
                columns: new[] { "CreatedMinute", "CreatedAt", "Confidence" });

            migrationBuilder.CreateIndex(
                name: "IX_PlateReads_EffectiveText_CreatedAt",
                table: "PlateReads",
                columns: new[] { "EffectiveText", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PlateReads_ImageId",
                table: "PlateReads",
                column: "ImageId");

            migrationBuilder.CreateIndex(
                name: "IX_PlateReads_NormalizedText",
                table: "PlateReads",
                column: "NormalizedText");

            migrationBuilder.CreateIndex(
                name: "IX_PlateReads_Skeleton_CorrectedSkeleton_EffectiveText",
                table: "PlateReads",
                columns: new[] { "Skeleton", "CorrectedSkeleton", "EffectiveText" });

            migrationBuilder.CreateIndex(
                name: "IX_PlateReads_Skeleton_Trigram",
                table: "PlateReads",
                column: "Skeleton")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "IX_PlateSummaries_FirstAt_LastAt_EffectiveText",
                table: "PlateSummaries",
                columns: new[] { "FirstAt", "LastAt", "EffectiveText" });

            migrationBuilder.CreateIndex(
                name: "IX_PlateSummaries_LastAt_EffectiveText",
                table: "PlateSummaries",
                columns: new[] { "LastAt", "EffectiveText" });

            migrationBuilder.CreateIndex(
                name: "IX_PlateSummaries_Reads_LastAt_EffectiveText",
                table: "PlateSummaries",
                columns: new[] { "Reads", "LastAt", "EffectiveText" });

            migrationBuilder.CreateIndex(
                name: "IX_PlateSummaries_Skeleton",
                table: "PlateSummaries",
                column: "Skeleton");

            migrationBuilder.CreateIndex(
                name: "IX_PlateSummaries_SkeletonTail",
                table: "PlateSummaries",
                column: "SkeletonTail");

            migrationBuilder.CreateIndex(
                name: "IX_VehiclePasses_BestImageId",
                table: "VehiclePasses",
                column: "BestImageId");

            migrationBuilder.CreateIndex(
                name: "IX_VehiclePasses_BestReadId",
                table: "VehiclePasses",
                column: "BestReadId");

            migrationBuilder.CreateIndex(
                name: "IX_VehiclePasses_CameraId_EndedAt",
                table: "VehiclePasses",
                columns: new[] { "CameraId", "EndedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_VehiclePasses_NormalizedText",
                table: "VehiclePasses",
                column: "NormalizedText");

            migrationBuilder.CreateIndex(
                name: "IX_WatchlistEntries_WatchlistId_Pattern",
                table: "WatchlistEntries",
                columns: new[] { "WatchlistId", "Pattern" });

            migrationBuilder.CreateIndex(
                name: "IX_Watchlists_Name",
                table: "Watchlists",
                column: "Name",
                unique: true);

            // The plate summaries, kept by PL/pgSQL triggers as SQLite's triggers keep them.
            migrationBuilder.Sql(PlateWeb.Data.Postgres.PostgresSql.CreateSummaryTriggers);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(PlateWeb.Data.Postgres.PostgresSql.DropSummaryTriggers);

            migrationBuilder.DropTable(
                name: "AlertDeliveries");

            migrationBuilder.DropTable(
                name: "AlertRules");

            migrationBuilder.DropTable(
                name: "ApiKeys");

            migrationBuilder.DropTable(
                name: "AspNetRoleClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserLogins");

            migrationBuilder.DropTable(
                name: "AspNetUserRoles");

            migrationBuilder.DropTable(
                name: "AspNetUserTokens");

            migrationBuilder.DropTable(
                name: "AuditEntries");

            migrationBuilder.DropTable(
                name: "ChatMessages");

            migrationBuilder.DropTable(
                name: "NotAPlateMarks");

            migrationBuilder.DropTable(
                name: "PlateSummaries");

            migrationBuilder.DropTable(
                name: "VehiclePasses");

            migrationBuilder.DropTable(
                name: "WatchlistEntries");

            migrationBuilder.DropTable(
                name: "AspNetRoles");

            migrationBuilder.DropTable(
                name: "Conversations");

            migrationBuilder.DropTable(
                name: "Cameras");

            migrationBuilder.DropTable(
                name: "PlateReads");

            migrationBuilder.DropTable(
                name: "Watchlists");

            migrationBuilder.DropTable(
                name: "AspNetUsers");

            migrationBuilder.DropTable(
                name: "Images");
        }
    }
}
