// Environment variables that change the binaries' behaviour must not leak in from the developer's shell.
delete process.env["COMFYUI_URL"];
delete process.env["COMFYUI_TOKEN"];
