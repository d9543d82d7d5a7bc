// Solutions of notebook 00 (welcome): each section replaces the stub cell with the same "//| exercise N" line.
//| exercise 1
var (n, k, q) = (20, 5, 15);
int? exerciseSupport = n * k;
int? exerciseQuery = n * q;
double? exerciseChance = 1.0 / n;

//| exercise 2
var angles = torch.tensor(new[] { 0.0, Math.PI / 2, Math.PI }, requires_grad: true);
angles.sin().sum().backward();
Tensor slopes = angles.grad!;
